package dev.steward.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code steward} process started from the packaged distribution (cli/target/dist/lib), with
 * its output captured to files for assertions and for post-mortem reading.
 */
final class StewardProcess implements AutoCloseable {
    private static final Path DIST = Path.of(System.getProperty("steward.dist", "../cli/target/dist/lib"));
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final String label;

    private StewardProcess(String label, Process process, Path stdout, Path stderr) {
        this.label = label;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The packaged distribution's jar directory. */
    static Path dist() {
        return DIST;
    }

    static StewardProcess start(Path logDir, String label, Map<String, String> env, String... args) {
        return start(logDir, label, env, List.of(), args);
    }

    /** As {@link #start}, with extra JVM options (before the main class). */
    static StewardProcess start(Path logDir, String label, Map<String, String> env, List<String> jvmOptions,
            String... args) {
        if (!Files.isDirectory(DIST)) {
            throw new IllegalStateException("the distribution " + DIST.toAbsolutePath() + " is missing; "
                    + "run the e2e tests through the reactor (./run-tests or mvn verify)");
        }
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", DIST.toAbsolutePath() + "/*", "dev.steward.cli.Main"));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(logDir);
            Path out = logDir.resolve(label + ".out");
            Path err = logDir.resolve(label + ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            return new StewardProcess(label, builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + label, e);
        }
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits until stdout+stderr match the pattern; returns the match. Fails with the logs if it never does. */
    Matcher awaitOutput(Pattern pattern, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Matcher matcher = pattern.matcher(stdout() + stderr());
            if (matcher.find()) {
                return matcher;
            }
            if (!process.isAlive()) {
                break;
            }
            sleep(50);
        }
        throw new AssertionError(label + " did not print /" + pattern + "/ within " + timeout
                + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "\n--- stdout\n"
                + stdout() + "\n--- stderr\n" + stderr());
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(label + " still running after " + timeout + "\n--- stderr\n" + stderr());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /**
     * Writes a thread dump of this process, virtual threads included, next to its logs, for a test that found
     * it stuck; returns the file, or a sentence saying why there is none (a failing test still reports).
     */
    String dumpThreads(String name) {
        Path file = stdout.resolveSibling(label + "-" + name + ".threads.txt");
        Path jcmd = Path.of(JAVA).resolveSibling("jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.dump_to_file",
                    "-format=text", file.toAbsolutePath().toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!dump.waitFor(30, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
                return "no thread dump (jcmd took over 30 s)";
            }
            return Files.exists(file) ? "threads: " + file : "no thread dump (jcmd exited with " + dump.exitValue() + ")";
        } catch (IOException e) {
            return "no thread dump (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump (interrupted)";
        }
    }

    /** SIGTERM, as a service manager would; waits for the shutdown hooks to finish. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL (what {@code destroyForcibly} sends on Linux): no shutdown hook runs; waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError(label + " still running 10 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
