package dev.steward.server.job;

import java.time.Instant;

public record TaskView(String name, String status, Integer exitCode, String stdout, String stderr, Instant startedAt,
        Instant finishedAt) {
}
