package dev.steward.server.schedule;

import dev.steward.server.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Schedules and the ticks they fired. */
public final class ScheduleStore {
    private final Jdbi jdbi;

    public ScheduleStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    record Fire(Instant tick, Instant firedAt, String node, String jobId, int missedTicks, String note) {
    }

    void insert(Schedule s) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO schedules (id, tenant_id, name, request, cron, time_zone, run_at, paused, next_fire_at,
                                       created_by, created_role, created_at)
                VALUES (:id, :tenant, :name, :request, :cron, :zone, :at, :paused, :next, :by, :role, :now)""")
                .bind("id", s.id()).bind("tenant", s.tenantId()).bind("name", s.name()).bind("request", s.request())
                .bind("cron", s.cron()).bind("zone", s.timeZone()).bind("at", s.runAt()).bind("paused", s.paused())
                .bind("next", s.nextFireAt()).bind("by", s.createdBy()).bind("role", s.createdRole())
                .bind("now", s.createdAt()).execute());
    }

    Optional<Schedule> byName(String tenantId, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM schedules WHERE tenant_id = :tenant AND name = :name")
                .bind("tenant", tenantId).bind("name", name).map((rs, ctx) -> map(rs)).findOne());
    }

    List<Schedule> all(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM schedules WHERE tenant_id = :tenant ORDER BY name")
                .bind("tenant", tenantId).map((rs, ctx) -> map(rs)).list());
    }

    /** Unpaused schedules whose next tick has come (any tenant), oldest first. */
    List<Schedule> due(Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT * FROM schedules WHERE next_fire_at <= :now AND paused = FALSE ORDER BY next_fire_at LIMIT :limit""")
                .bind("now", now).bind("limit", limit).map((rs, ctx) -> map(rs)).list());
    }

    void setPaused(String id, boolean paused, Instant next) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE schedules SET paused = :paused, next_fire_at = :next WHERE id = :id")
                .bind("paused", paused).bind("next", next).bind("id", id).execute());
    }

    void delete(String id) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM schedule_fires WHERE schedule_id = :id").bind("id", id).execute();
            h.createUpdate("DELETE FROM schedules WHERE id = :id").bind("id", id).execute();
        });
    }

    /**
     * Claims a tick for this node: records the fire and moves the schedule to its next tick, in one
     * transaction. The fire's primary key (schedule, tick) and the check that the schedule still expects
     * {@code expectedNext} make sure that of several nodes (or a retried loop) exactly one wins.
     */
    boolean claim(Schedule s, Instant tick, Instant newNext, Instant now, String node, int missed, String note) {
        try {
            return jdbi.inTransaction(h -> {
                int moved = h.createUpdate("""
                        UPDATE schedules SET next_fire_at = :next, last_fired_at = :now
                        WHERE id = :id AND next_fire_at = :expected AND paused = FALSE""")
                        .bind("next", newNext).bind("now", now).bind("id", s.id()).bind("expected", s.nextFireAt()).execute();
                if (moved != 1) {
                    return false; // another node moved it on (or it was paused): nothing was written
                }
                h.createUpdate("""
                        INSERT INTO schedule_fires (schedule_id, tick, fired_at, node, missed_ticks, note)
                        VALUES (:id, :tick, :now, :node, :missed, :note)""")
                        .bind("id", s.id()).bind("tick", tick).bind("now", now).bind("node", node).bind("missed", missed)
                        .bind("note", note).execute();
                return true;
            });
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (dev.steward.server.store.SqlErrors.isUniqueViolation(e)) {
                return false; // another node inserted the same tick first (unique violation, H2 and PostgreSQL)
            }
            throw e;
        }
    }

    void recordJob(String scheduleId, Instant tick, String jobId, String note) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE schedule_fires SET job_id = :job, note = COALESCE(:note, note) WHERE schedule_id = :id AND tick = :tick")
                    .bind("job", jobId).bind("note", note).bind("id", scheduleId).bind("tick", tick).execute();
            if (jobId != null) {
                h.createUpdate("UPDATE schedules SET last_job_id = :job WHERE id = :id").bind("job", jobId).bind("id", scheduleId).execute();
            }
        });
    }

    List<Fire> fires(String scheduleId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT * FROM schedule_fires WHERE schedule_id = :id ORDER BY tick DESC LIMIT :limit""")
                .bind("id", scheduleId).bind("limit", limit)
                .map((rs, ctx) -> new Fire(Rows.instant(rs, "tick"), Rows.instant(rs, "fired_at"), rs.getString("node"),
                        rs.getString("job_id"), rs.getInt("missed_ticks"), rs.getString("note"))).list());
    }

    private static Schedule map(ResultSet rs) throws SQLException {
        return new Schedule(rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"), rs.getString("request"),
                rs.getString("cron"), rs.getString("time_zone"), Rows.instant(rs, "run_at"), rs.getBoolean("paused"),
                Rows.instant(rs, "next_fire_at"), Rows.instant(rs, "last_fired_at"), rs.getString("last_job_id"),
                rs.getString("created_by"), rs.getString("created_role"), Rows.instant(rs, "created_at"));
    }
}
