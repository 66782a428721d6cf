package dev.steward.protocol;

import java.time.Instant;

/** What one task did. Output is already capped by the agent (with a visible truncation marker). */
public record TaskResult(
        String name,
        TaskStatus status,
        Integer exitCode,
        String stdout,
        String stderr,
        Instant startedAt,
        Instant finishedAt) {
}
