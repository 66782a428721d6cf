package dev.steward.server.schedule;

import java.time.Instant;
import java.util.List;

/**
 * A schedule as the API shows it: what it runs ({@code kind} module|project|runbook, {@code target_name}),
 * on which targets, when (cron and time zone, or {@code at}), and its most recent fires.
 */
public record ScheduleView(String id, String name, String kind, String targetName, List<String> targets,
        List<String> teams, String selector, String cron, String timeZone, Instant at, boolean paused,
        Instant nextFireAt, Instant lastFiredAt, String lastJobId, Instant createdAt, List<FireView> fires) {

    /** One tick that fired: {@code missed_ticks} &gt; 1 when ticks were missed (downtime) and it ran once for them. */
    public record FireView(Instant tick, Instant firedAt, String node, String jobId, int missedTicks, String note) {
    }
}
