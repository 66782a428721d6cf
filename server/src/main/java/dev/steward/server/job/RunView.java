package dev.steward.server.job;

import java.time.Instant;
import java.util.List;

/** One agent's run of a job. {@code tasks} is empty until the agent's result arrives. */
public record RunView(String id, String agent, String agentId, String status, Instant createdAt, Instant deliveredAt,
        Instant startedAt, Instant finishedAt, List<TaskView> tasks) {
}
