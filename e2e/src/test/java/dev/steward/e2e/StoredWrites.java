package dev.steward.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.protocol.RunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads back, through the admin API of the restarted server, what acknowledged writes must have left:
 * each module once (version 1: every name was written once), each job, each result once with its output.
 */
final class StoredWrites {
    private final Installation steward;
    private final RawClient admin;
    private final java.util.function.UnaryOperator<String> outputOfRun;

    /** {@code outputOfRun}: the stdout of the one task each run has, by run id. */
    StoredWrites(Installation steward, java.util.function.UnaryOperator<String> outputOfRun) {
        this.steward = steward;
        this.admin = RawClient.admin(steward);
        this.outputOfRun = outputOfRun;
    }

    /** What is missing or wrong, one line per acknowledged write; empty when all is there exactly once. */
    List<String> problems(List<AckLedger.Ack> acks, long killedAt) {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> modules = acks.stream().anyMatch(a -> a.kind() == AckLedger.Kind.MODULE) ? modules() : Map.of();
        Set<String> jobIds = new LinkedHashSet<>();
        acks.stream().filter(a -> a.kind() != AckLedger.Kind.MODULE).forEach(a -> jobIds.add(a.jobId()));
        Map<String, JsonNode> jobs = new HashMap<>();
        for (String id : jobIds) {
            jobs.put(id, job(id));
        }
        for (AckLedger.Ack ack : acks) {
            String problem = switch (ack.kind()) {
                case MODULE -> moduleProblem(modules.get(ack.key()));
                case JOB -> jobs.get(ack.jobId()) == null ? "the job is missing" : null;
                case RESULT -> resultProblem(jobs.get(ack.jobId()), ack.key());
            };
            if (problem != null) {
                problems.add(describe(ack, killedAt) + ": " + problem);
            }
        }
        return problems;
    }

    static String describe(AckLedger.Ack ack, long killedAt) {
        // atNanos 0: seen in the agent's journal, not timed by the test.
        String age = killedAt == 0 || ack.atNanos() == 0 ? ""
                : ", acknowledged " + (killedAt - ack.atNanos()) / 1_000_000 + " ms before the kill";
        return switch (ack.kind()) {
            case MODULE -> "module " + ack.key() + " (cycle " + ack.cycle() + age + ")";
            case JOB -> "job " + ack.key() + " (cycle " + ack.cycle() + age + ")";
            case RESULT -> "result of run " + ack.key() + " of job " + ack.jobId() + " (cycle " + ack.cycle() + age + ")";
        };
    }

    private static String moduleProblem(JsonNode module) {
        if (module == null) {
            return "the module is missing";
        }
        int version = module.get("version").asInt();
        return version == 1 ? null : "stored " + version + " times (latest version " + version + ", written once)";
    }

    private String resultProblem(JsonNode job, String runId) {
        if (job == null) {
            return "its job is missing";
        }
        for (JsonNode run : job.get("runs")) {
            if (!run.get("id").asText().equals(runId)) {
                continue;
            }
            JsonNode tasks = run.get("tasks");
            if (!run.get("status").asText().equals("succeeded") || tasks.isEmpty()) {
                return "the run is " + run.get("status").asText() + " with " + tasks.size() + " task results";
            }
            if (tasks.size() != 1) {
                return "stored " + tasks.size() + " task results for a result with one task";
            }
            String stdout = tasks.get(0).get("stdout").asText();
            return stdout.equals(outputOfRun.apply(runId)) ? null : "the task output is '" + stdout + "'";
        }
        return "the job has no run " + runId;
    }

    /**
     * Every run of these jobs (and of every other job the server lists) that is not in a terminal state,
     * one line each: "job J run R: status". Jobs the listing leaves out are read one by one.
     */
    List<String> openRuns(Set<String> jobIds) {
        List<String> open = new ArrayList<>();
        Set<String> listed = new java.util.HashSet<>();
        for (JsonNode summary : read("/api/v1/jobs?limit=1000")) {
            listed.add(summary.get("id").asText());
            boolean allTerminal = true;
            for (Map.Entry<String, JsonNode> count : summary.get("runs").properties()) {
                allTerminal &= count.getValue().asInt() == 0 || RunStatus.fromWire(count.getKey()).isTerminal();
            }
            if (!allTerminal) {
                open.addAll(openRunsOf(summary.get("id").asText()));
            }
        }
        for (String id : jobIds) {
            if (!listed.contains(id)) {
                open.addAll(openRunsOf(id));
            }
        }
        return open;
    }

    private List<String> openRunsOf(String jobId) {
        JsonNode job = job(jobId);
        if (job == null) {
            return List.of("job " + jobId + ": missing");
        }
        List<String> open = new ArrayList<>();
        for (JsonNode run : job.get("runs")) {
            if (!RunStatus.fromWire(run.get("status").asText()).isTerminal()) {
                open.add("job " + jobId + " run " + run.get("id").asText() + ": " + run.get("status").asText());
            }
        }
        return open;
    }

    /** The latest version of every module, by name. */
    private Map<String, JsonNode> modules() {
        JsonNode list = read("/api/v1/modules");
        Map<String, JsonNode> byName = new HashMap<>();
        list.forEach(module -> byName.put(module.get("name").asText(), module));
        return byName;
    }

    /** The job with its runs and output; null if the server does not know it. */
    JsonNode job(String id) {
        RawClient.Answer answer = get("/api/v1/jobs/" + id);
        if (answer.status() == 404) {
            return null;
        }
        if (answer.status() != 200) {
            throw new AssertionError("reading job " + id + " after the restart: " + answer);
        }
        return answer.body();
    }

    JsonNode read(String path) {
        RawClient.Answer answer = get(path);
        if (answer.status() != 200) {
            throw new AssertionError("GET " + path + " after the restart: " + answer);
        }
        return answer.body();
    }

    /**
     * A read, tried up to three times: the first request after a kill may go out on a pooled connection to
     * the dead server. Reads change nothing, so trying again is harmless (writes are never retried).
     */
    private RawClient.Answer get(String path) {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return admin.get(path, steward.adminToken());
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("GET " + path + " from the restarted server", last);
    }
}
