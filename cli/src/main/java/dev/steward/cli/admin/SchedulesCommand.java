package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.cli.UserError;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "schedules", description = "Run modules, projects and run books later: on a cron schedule or once at a time.",
        subcommands = {SchedulesCommand.Create.class, SchedulesCommand.ListSchedules.class, SchedulesCommand.Show.class,
                SchedulesCommand.Pause.class, SchedulesCommand.Resume.class, SchedulesCommand.Delete.class})
public final class SchedulesCommand {

    static String path(String name) {
        return "/api/v1/schedules/" + ApiClient.segment(name);
    }

    /** An ISO-8601 instant (2026-11-24T10:00:00Z, or with an offset), normalised to UTC; else a usage error. */
    static String instant(String text, String option) {
        try {
            return Instant.parse(text.trim()).toString();
        } catch (DateTimeParseException e) {
            throw new UserError(option + ": '" + text + "' is not an ISO-8601 instant (e.g. 2026-11-24T10:00:00Z)", 2);
        }
    }

    /**
     * The request body of {@code schedules create}: what and where as for {@code jobs run}, and exactly one
     * of {@code --cron} (with an optional {@code --tz}) and {@code --at}.
     */
    static Map<String, Object> body(String name, Map<String, Object> job, String cron, String timeZone, String at) {
        if ((cron == null) == (at == null)) {
            throw new UserError(cron == null
                    ? "say when: --cron EXPR [--tz ZONE] for a recurring schedule, or --at INSTANT to run once"
                    : "--cron and --at exclude each other: --cron EXPR [--tz ZONE] repeats, --at INSTANT runs once", 2);
        }
        if (timeZone != null && cron == null) {
            throw new UserError("--tz applies to --cron only; an --at instant carries its own offset (e.g. "
                    + "2026-11-24T10:00:00+01:00)", 2);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.putAll(job);
        if (cron != null) {
            body.put("cron", cron);
            if (timeZone != null) {
                body.put("time_zone", timeZone);
            }
        } else {
            body.put("at", instant(at, "--at"));
        }
        return body;
    }

    static String what(JsonNode schedule) {
        String kind = schedule.path("kind").asText();
        return (kind.equals("runbook") ? "run book" : kind) + " " + Terminal.safe(schedule.path("target_name").asText());
    }

    static String when(JsonNode schedule) {
        if (schedule.hasNonNull("cron")) {
            return Terminal.safe(schedule.get("cron").asText()) + (schedule.hasNonNull("time_zone")
                    ? " (" + Terminal.safe(schedule.get("time_zone").asText()) + ")" : "");
        }
        return "at " + schedule.path("at").asText("-");
    }

    static String where(JsonNode schedule) {
        List<String> parts = new ArrayList<>();
        if (!schedule.path("targets").isEmpty()) {
            parts.add("agents " + join(schedule.get("targets")));
        }
        if (!schedule.path("teams").isEmpty()) {
            parts.add("teams " + join(schedule.get("teams")));
        }
        if (schedule.hasNonNull("selector")) {
            parts.add("selector " + schedule.get("selector").asText());
        }
        return parts.isEmpty() ? "the run book's own targets" : Terminal.safe(String.join("; ", parts));
    }

    private static String join(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return String.join(",", names);
    }

    private static String orNever(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : "never";
    }

    @Command(name = "create", description = {"Create a schedule: what to run (--module, --project or --runbook), where, and when",
            "(--cron EXPR [--tz ZONE] to repeat, or --at INSTANT to run once)."})
    static final class Create implements Callable<Integer> {
        static final String USAGE = "steward schedules create NAME (--module M | --project P | --runbook R) [--targets A,B] "
                + "[--teams T] [--selector k=v] (--cron EXPR [--tz ZONE] | --at INSTANT)";
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--module", paramLabel = "NAME") String module;
        @Option(names = "--project", paramLabel = "NAME") String project;
        @Option(names = "--runbook", paramLabel = "NAME") String runbook;
        @Option(names = "--targets", split = ",", paramLabel = "NAME[,NAME…]", description = "Agent names") List<String> targets;
        @Option(names = "--teams", split = ",", paramLabel = "TEAM[,TEAM…]", description = "Every member of these teams")
        List<String> teams;
        @Option(names = "--selector", paramLabel = "key=v[,k=v]", description = "Agents whose labels match every pair")
        String selector;
        @Option(names = "--cron", paramLabel = "EXPR", description = "Cron expression, e.g. '0 3 * * 1-5'") String cron;
        @Option(names = "--tz", paramLabel = "ZONE", description = "Time zone of --cron, e.g. Europe/Paris (default: the server's)")
        String timeZone;
        @Option(names = "--at", paramLabel = "INSTANT", description = "Run once at this ISO-8601 instant, e.g. 2026-11-24T10:00:00Z")
        String at;

        Map<String, Object> body() {
            return SchedulesCommand.body(name, JobRequest.body(module, project, runbook, targets, teams, selector, USAGE),
                    cron, timeZone, at);
        }

        @Override
        public Integer call() {
            Map<String, Object> body = body();
            output.report(spec.commandLine().getOut(), connection.client().post("/api/v1/schedules", body),
                    s -> "created schedule " + Terminal.safe(s.get("name").asText()) + ": " + what(s) + ", " + when(s)
                            + "; next run " + orNever(s, "next_fire_at"));
            return 0;
        }
    }

    @Command(name = "list", description = "List schedules.")
    static final class ListSchedules implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), connection.client().get("/api/v1/schedules"), schedules -> {
                Table table = new Table("NAME", "WHAT", "WHEN", "PAUSED", "NEXT", "LAST");
                schedules.forEach(s -> table.row(s.get("name").asText(), what(s), when(s),
                        s.path("paused").asBoolean() ? "yes" : "no", orNever(s, "next_fire_at"), orNever(s, "last_fired_at")));
                return table;
            });
            return 0;
        }
    }

    @Command(name = "show", description = "Show a schedule and the history of its firings.")
    static final class Show implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            JsonNode schedule = connection.client().get(path(name));
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                OutputOption.printJson(out, schedule);
                return 0;
            }
            out.println("schedule: " + Terminal.safe(schedule.get("name").asText()));
            out.println("runs:     " + what(schedule));
            out.println("on:       " + where(schedule));
            out.println("when:     " + when(schedule));
            out.println("paused:   " + (schedule.path("paused").asBoolean() ? "yes" : "no"));
            out.println("next:     " + orNever(schedule, "next_fire_at"));
            out.println("last:     " + orNever(schedule, "last_fired_at")
                    + (schedule.hasNonNull("last_job_id") ? " (job " + schedule.get("last_job_id").asText() + ")" : ""));
            out.println("created:  " + schedule.path("created_at").asText("-"));
            JsonNode fires = schedule.path("fires");
            if (fires.isEmpty()) {
                out.println("fired:    never");
            } else {
                out.println("fired:");
                Table table = new Table("TICK", "FIRED AT", "JOB", "MISSED", "NOTE");
                fires.forEach(f -> table.row(f.path("tick").asText(null), f.path("fired_at").asText(null),
                        f.path("job_id").asText(null), f.path("missed_ticks").asInt(), f.path("note").asText(null)));
                table.print(out);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "pause", description = "Pause a schedule: it does not fire until resumed.")
    static final class Pause implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            output.report(spec.commandLine().getOut(), connection.client().post(path(name) + "/pause", Map.of()),
                    s -> "paused schedule " + Terminal.safe(name));
            return 0;
        }
    }

    @Command(name = "resume", description = "Resume a paused schedule.")
    static final class Resume implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            output.report(spec.commandLine().getOut(), connection.client().post(path(name) + "/resume", Map.of()),
                    s -> "resumed schedule " + Terminal.safe(name) + (s != null && s.hasNonNull("next_fire_at")
                            ? "; next run " + s.get("next_fire_at").asText() : ""));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a schedule (jobs it started stay).")
    static final class Delete implements Callable<Integer> {
        @Mixin Connection connection;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            connection.client().delete(path(name));
            spec.commandLine().getOut().println("deleted schedule " + Terminal.safe(name));
            return 0;
        }
    }
}
