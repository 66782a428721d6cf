package dev.steward.protocol;

import java.time.Instant;
import java.util.List;

/** An agent's final report for one run. Ingested idempotently by run id. */
public record RunResult(String runId, RunStatus status, List<TaskResult> tasks, Instant startedAt, Instant finishedAt) {
    public RunResult {
        tasks = List.copyOf(tasks);
    }
}
