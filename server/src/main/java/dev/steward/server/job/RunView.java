package dev.steward.server.job;

import java.time.Instant;
import java.util.List;

/**
 * One agent's run of one module of a job. {@code tasks} is empty until the agent's result arrives;
 * {@code error} says why a run ended without (all of) its task results (a breach of trust, a skipped
 * step, a revoked agent). {@code step} (run book step) and {@code position} (module within a project)
 * count from 0.
 */
public record RunView(String id, String agent, String agentId, String status, Instant createdAt, Instant deliveredAt,
        Instant startedAt, Instant finishedAt, String error, List<TaskView> tasks, String module, int moduleVersion,
        int step, int position) {
}
