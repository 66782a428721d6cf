package dev.steward.protocol;

import java.time.Instant;
import java.util.List;

/**
 * An agent's final report for one run. Ingested idempotently by run id. {@code error} says why a run
 * ended without (all of) its task results, e.g. the agent was stopped or restarted during the run.
 */
public record RunResult(String runId, RunStatus status, List<TaskResult> tasks, Instant startedAt, Instant finishedAt,
        String error) {

    public RunResult {
        tasks = List.copyOf(tasks);
    }

    /** A result whose tasks tell the whole story. */
    public RunResult(String runId, RunStatus status, List<TaskResult> tasks, Instant startedAt, Instant finishedAt) {
        this(runId, status, tasks, startedAt, finishedAt, null);
    }

    /** A run that could not produce task results, with the reason. */
    public static RunResult abandoned(String runId, RunStatus status, String error, Instant startedAt) {
        return new RunResult(runId, status, List.of(), startedAt, Instant.now(), error);
    }
}
