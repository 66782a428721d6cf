package dev.steward.bench;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark driver: {@code bench/run NAME [--flag value ...]}. Each benchmark starts what it
 * needs (server, bare server, simulators) on loopback, measures, writes its report under
 * {@code bench/work/runs/}, and stops everything it started.
 */
public final class Bench {
    /** The server's JVM options; STEWARD_BENCH_SERVER_OPTS adds more (e.g. a JFR recording), stated in the report. */
    static final List<String> JVM = serverJvmOptions();

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: bench/run capacity|fanout|storm|poll|idle [--flag value ...]");
            System.exit(2);
        }
        String name = args[0];
        Args flags = new Args(Arrays.copyOfRange(args, 1, args.length));
        Path repo = Path.of(System.getProperty("steward.repo", ".")).toAbsolutePath().normalize();
        Path work = repo.resolve("bench/work");
        Path runDir = work.resolve("runs").resolve(name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Report report = new Report(runDir.resolve("report.md"), title(name), "bench/run " + String.join(" ", args));
        try (Lab lab = new Lab(repo, runDir, report)) {
            switch (name) {
                case "capacity" -> CapacityBench.run(lab, work, flags);
                case "fanout" -> FanoutBench.run(lab, work, flags);
                case "storm" -> StormBench.run(lab, work, flags);
                case "poll" -> PollBench.run(lab, work, flags);
                case "idle" -> IdleBench.run(lab, work, flags);
                case "engines" -> EngineBench.run(lab, work, flags);
                default -> {
                    System.err.println("unknown benchmark '" + name + "': capacity, fanout, storm, poll or idle");
                    System.exit(2);
                }
            }
        }
        System.out.println("report: " + repo.relativize(runDir.resolve("report.md")));
        System.exit(0);
    }

    private static List<String> serverJvmOptions() {
        List<String> options = new java.util.ArrayList<>(List.of("-Xmx2g", "--enable-native-access=ALL-UNNAMED"));
        String extra = System.getenv("STEWARD_BENCH_SERVER_OPTS");
        if (extra != null && !extra.isBlank()) {
            options.addAll(List.of(extra.trim().split("\\s+")));
        }
        return List.copyOf(options);
    }

    private static String title(String name) {
        return switch (name) {
            case "capacity" -> "Concurrent push agents on one server process, and memory per idle connection";
            case "fanout" -> "Fan-out: job created to every result stored";
            case "storm" -> "Reconnect storm after a server restart";
            case "poll" -> "Poll mode: check-ins per second";
            case "idle" -> "Idle cost of connected push agents";
            case "engines" -> "Embedded engines: the fan-out's datastore work alone";
            default -> name;
        };
    }
}
