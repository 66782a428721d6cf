package dev.steward.server.schedule;

import java.time.Instant;

/**
 * A stored schedule: the job request (JSON), and either a cron expression with a time zone or a single
 * time ({@code runAt}). {@code nextFireAt} null: nothing more to do (a one-shot that ran).
 */
record Schedule(String id, String tenantId, String name, String request, String cron, String timeZone, Instant runAt,
        boolean paused, Instant nextFireAt, Instant lastFiredAt, String lastJobId, String createdBy, String createdRole,
        Instant createdAt) {
}
