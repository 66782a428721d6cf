package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.cli.UserError;
import dev.steward.protocol.DurationText;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "jobs", description = "Run modules, projects and run books on agents and follow the results.",
        subcommands = {JobsCommand.Run.class, JobsCommand.Show.class, JobsCommand.ListJobs.class, JobsCommand.Cancel.class})
public final class JobsCommand {
    /** {@code skipped}: never started because an earlier module or step failed. ({@code waiting} is not terminal.) */
    static final Set<String> TERMINAL = Set.of("succeeded", "failed", "timed_out", "cancelled", "skipped");
    /** Exit code of {@code jobs run --wait} when the wait timed out (as coreutils' timeout). */
    static final int EXIT_WAIT_TIMED_OUT = 124;

    static void printJob(CommandSpec spec, OutputOption output, JsonNode job) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputOption.printJson(out, job);
            return;
        }
        printJob(out, job);
    }

    /** module, project or runbook; a server from before projects sends no kind, and only module jobs. */
    static String kind(JsonNode job) {
        return job.path("kind").asText("module");
    }

    /** "hello v3" for a module job, else the project's or run book's name. */
    static String what(JsonNode job) {
        return kind(job).equals("module") ? Terminal.safe(job.get("module").asText()) + " v" + job.get("module_version").asInt()
                : Terminal.safe(job.path("name").asText());
    }

    /**
     * The job for people. Runs of a project or run book job name their module (and, in a run book, the step,
     * counted from 1); a run's {@code error} (a breach of trust, a skipped step, a revoked agent) is shown.
     */
    static void printJob(PrintWriter out, JsonNode job) {
        String kind = kind(job);
        out.println("job " + job.get("id").asText() + "  " + kind + " " + what(job) + "  " + job.get("status").asText());
        for (JsonNode run : job.get("runs")) {
            String where = kind.equals("module") ? ""
                    : (kind.equals("runbook") ? "  step " + (run.path("step").asInt() + 1) : "") + "  module "
                    + Terminal.safe(run.path("module").asText()) + " v" + run.path("module_version").asInt();
            out.println("  agent " + Terminal.safe(run.get("agent").asText()) + where + ": " + run.get("status").asText());
            if (run.hasNonNull("error") && !run.get("error").asText().isEmpty()) {
                out.println("    error: " + Terminal.safe(run.get("error").asText()).replace('\n', ' '));
            }
            for (JsonNode task : run.get("tasks")) {
                out.println("    - " + Terminal.safe(task.get("name").asText()) + ": " + task.get("status").asText()
                        + (task.get("exit_code").isNull() ? "" : " (exit " + task.get("exit_code").asInt() + ")"));
                stream(out, "stdout", task.get("stdout"));
                stream(out, "stderr", task.get("stderr"));
            }
        }
        out.flush();
    }

    private static void stream(PrintWriter out, String label, JsonNode text) {
        if (text == null || text.isNull() || text.asText().isEmpty()) {
            return;
        }
        out.println("      " + label + ":");
        String body = Terminal.safe(text.asText());
        for (String line : (body.endsWith("\n") ? body.substring(0, body.length() - 1) : body).split("\n", -1)) {
            out.println("        " + line);
        }
    }

    static boolean allFinished(JsonNode job) {
        for (JsonNode run : job.get("runs")) {
            String status = run.get("status").asText();
            if (!TERMINAL.contains(status)) {
                return false;
            }
        }
        return true;
    }

    static boolean allSucceeded(JsonNode job) {
        for (JsonNode run : job.get("runs")) {
            if (!run.get("status").asText().equals("succeeded")) {
                return false;
            }
        }
        return true;
    }

    @Command(name = "run", description = {"Run a module, a project (--project) or a run book (--runbook) on agents now,",
            "or once at a later time (--at: creates a one-shot schedule).",
            "Targets: --targets, --teams and --selector add up; a run book's steps may name their own."})
    static final class Run implements Callable<Integer> {
        static final String USAGE = "steward jobs run MODULE | --project NAME | --runbook NAME  [--targets A,B] [--teams T] "
                + "[--selector k=v]";
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "MODULE", arity = "0..1", description = "Module name (omit with --project or --runbook)")
        String module;
        @Option(names = "--project", paramLabel = "NAME", description = "Run a project instead of a module") String project;
        @Option(names = "--runbook", paramLabel = "NAME", description = "Run a run book instead of a module") String runbook;
        @Option(names = "--targets", split = ",", paramLabel = "NAME[,NAME…]", description = "Agent names")
        List<String> targets;
        @Option(names = "--teams", split = ",", paramLabel = "TEAM[,TEAM…]", description = "Every member of these teams")
        List<String> teams;
        @Option(names = "--selector", paramLabel = "key=v[,k=v]", description = "Agents whose labels match every pair")
        String selector;
        @Option(names = "--at", paramLabel = "TIME", description = "Run once at this instant (ISO-8601, e.g. "
                + "2026-11-24T10:00:00Z) instead of now: creates a one-shot schedule named once-XXXXXXXX")
        String at;
        @Option(names = "--wait", description = "Wait for every run to finish; exit 0 only if all succeeded")
        boolean await;
        @Option(names = "--timeout", defaultValue = "60s", description = "How long --wait waits (default 60s)")
        String timeout;
        @Option(names = "--follow", description = "Print task output as it is produced, prefixed by agent name (implies --wait)")
        boolean follow;

        @Override
        public Integer call() throws InterruptedException {
            Duration limit = parse(timeout);
            Map<String, Object> body = JobRequest.body(module, project, runbook, targets, teams, selector, USAGE);
            if (at != null) {
                if (await || follow) {
                    throw new UserError("--at runs the job later; --wait and --follow only apply to a job run now", 2);
                }
                return schedule(body);
            }
            ApiClient client = connection.client();
            // The server answers a summary (counts) unless asked for the runs: ask only when they are printed
            // (the JSON output) or watched (--wait, --follow).
            boolean needRuns = await || follow || output.json();
            JsonNode job = client.post("/api/v1/jobs" + (needRuns ? "?runs=true" : ""), body);
            if (!await && !follow) {
                if (output.json()) {
                    OutputOption.printJson(spec.commandLine().getOut(), job);
                } else {
                    spec.commandLine().getOut().println("created job " + job.get("id").asText() + " ("
                            + job.get("runs_total").asInt() + " runs); follow it with: steward jobs show " + job.get("id").asText());
                }
                return 0;
            }
            String path = "/api/v1/jobs/" + ApiClient.segment(job.get("id").asText());
            // Live lines go to stdout, or to stderr when stdout carries the final JSON.
            LiveLines lines = follow ? new LiveLines(output.json() ? spec.commandLine().getErr() : spec.commandLine().getOut())
                    : null;
            AutoCloseable stream = follow ? client.streamLines(path + "/output", lines::accept) : () -> { };
            JobProgress progress = new JobProgress(spec.commandLine().getErr(), Terminal.interactive() && !follow);
            Instant deadline = Instant.now().plus(limit);
            progress.update(job);
            while (!allFinished(job) && Instant.now().isBefore(deadline)) {
                Thread.sleep(250);
                job = client.get(path + "?output=false");
                progress.update(job);
            }
            progress.done();
            if (follow) {
                Thread.sleep(300); // the last pieces travel with the result; let them arrive
                try {
                    stream.close();
                } catch (Exception e) {
                    // best effort
                }
                lines.flush();
            }
            job = client.get(path);
            printJob(spec, output, job);
            if (!allFinished(job)) {
                spec.commandLine().getErr().println("steward: error: job " + job.get("id").asText()
                        + " did not finish within " + timeout + "; it keeps running — see 'steward jobs show "
                        + job.get("id").asText() + "'");
                return EXIT_WAIT_TIMED_OUT;
            }
            return allSucceeded(job) ? 0 : 1;
        }

        private int schedule(Map<String, Object> job) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", "once-" + java.util.HexFormat.of().formatHex(randomBytes(4)));
            body.putAll(job);
            body.put("at", SchedulesCommand.instant(at, "--at"));
            JsonNode schedule = connection.client().post("/api/v1/schedules", body);
            output.report(spec.commandLine().getOut(), schedule, s -> "scheduled " + JobRequest.describe(job) + " as "
                    + Terminal.safe(s.get("name").asText()) + ", to run at " + s.path("next_fire_at").asText("-")
                    + "; see 'steward schedules show " + Terminal.safe(s.get("name").asText()) + "'");
            return 0;
        }

        private static byte[] randomBytes(int count) {
            byte[] bytes = new byte[count];
            new java.security.SecureRandom().nextBytes(bytes);
            return bytes;
        }

        private static Duration parse(String text) {
            try {
                return DurationText.parse(text);
            } catch (IllegalArgumentException e) {
                throw new UserError("--timeout: " + e.getMessage(), 2);
            }
        }
    }

    @Command(name = "show", description = "Show a job, its runs and task output.")
    static final class Show implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID") String id;

        @Override
        public Integer call() {
            printJob(spec, output, connection.client().get("/api/v1/jobs/" + ApiClient.segment(id)));
            return 0;
        }
    }

    @Command(name = "list", description = "List recent jobs.")
    static final class ListJobs implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Option(names = "--limit", defaultValue = "50", description = "How many (default 50)") int limit;

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), connection.client().get("/api/v1/jobs?limit=" + limit), jobs -> {
                Table table = new Table("ID", "KIND", "NAME", "STATUS", "CREATED", "RUNS");
                jobs.forEach(j -> table.row(j.get("id").asText(), kind(j), what(j), j.get("status").asText(),
                        j.get("created_at").asText(), j.get("runs").toString()));
                return table;
            });
            return 0;
        }
    }

    @Command(name = "cancel", description = "Cancel a job: pending runs are dropped, running ones are stopped.")
    static final class Cancel implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID") String id;

        @Override
        public Integer call() {
            printJob(spec, output, connection.client().post("/api/v1/jobs/" + ApiClient.segment(id) + "/cancel", Map.of()));
            return 0;
        }
    }

}
