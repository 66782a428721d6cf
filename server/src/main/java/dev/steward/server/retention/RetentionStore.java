package dev.steward.server.retention;

import dev.steward.server.store.Rows;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The retention settings ({@code retention_settings}), and the deletion of old history. Retention owns the
 * deletion of finished jobs with their runs and task results, and of old schedule fires: no other code
 * deletes those rows, and the job and schedule capabilities never rely on them once they are this old.
 * Every delete repeats the "finished before the cutoff" conditions, so a row that changed after it was
 * selected is kept.
 */
public final class RetentionStore {
    private final Jdbi jdbi;

    public RetentionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A tenant's own setting. */
    record Setting(int days, String updatedBy, Instant updatedAt) {
    }

    Optional<Setting> setting(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT days, updated_by, updated_at FROM retention_settings WHERE tenant_id = :t")
                .bind("t", tenantId)
                .map((rs, ctx) -> new Setting(rs.getInt("days"), rs.getString("updated_by"), Rows.instant(rs, "updated_at")))
                .findOne());
    }

    /** Every tenant's own setting (tenants without one have the default). */
    Map<String, Integer> allDays() {
        return jdbi.withHandle(h -> {
            Map<String, Integer> days = new HashMap<>();
            h.createQuery("SELECT tenant_id, days FROM retention_settings")
                    .map((rs, ctx) -> Map.entry(rs.getString("tenant_id"), rs.getInt("days")))
                    .forEach(e -> days.put(e.getKey(), e.getValue()));
            return days;
        });
    }

    void set(String tenantId, int days, String by, Instant now) {
        try {
            upsert(tenantId, days, by, now);
        } catch (UnableToExecuteStatementException e) {
            if (dev.steward.server.store.SqlErrors.isUniqueViolation(e)) {
                upsert(tenantId, days, by, now); // a concurrent first set inserted the row: now it updates
            } else {
                throw e;
            }
        }
    }

    private void upsert(String tenantId, int days, String by, Instant now) {
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("""
                    UPDATE retention_settings SET days = :days, updated_by = :by, updated_at = :now WHERE tenant_id = :t""")
                    .bind("days", days).bind("by", by).bind("now", now).bind("t", tenantId).execute();
            if (updated == 0) {
                h.createUpdate("""
                        INSERT INTO retention_settings (tenant_id, days, updated_by, updated_at) VALUES (:t, :days, :by, :now)""")
                        .bind("t", tenantId).bind("days", days).bind("by", by).bind("now", now).execute();
            }
        });
    }

    /** Where a walk over a tenant's old jobs is: the last job seen, in (created_at, id) order. */
    record JobKey(Instant createdAt, String id) {
    }

    /**
     * The next jobs of a tenant, oldest first after {@code after}, that were created before the cutoff and
     * have no run that is unfinished (any non-terminal status, or finished_at NULL, as for a cancelled run
     * its agent may still hold) or that finished at or after the cutoff. Jobs with no runs count as
     * finished when they were created.
     */
    List<JobKey> oldFinishedJobs(String tenantId, Instant cutoff, JobKey after, int limit) {
        String afterKey = after == null ? "" : "AND (j.created_at > :afterTime OR (j.created_at = :afterTime AND j.id > :afterId))";
        return jdbi.withHandle(h -> {
            var query = h.createQuery("""
                    SELECT j.id, j.created_at FROM jobs j
                    WHERE j.tenant_id = :t AND j.created_at < :cutoff <after>
                      AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.job_id = j.id
                          AND (r.finished_at IS NULL OR r.finished_at >= :cutoff
                               OR r.status NOT IN ('succeeded', 'failed', 'timed_out', 'cancelled', 'skipped')))
                    ORDER BY j.created_at, j.id
                    LIMIT :limit""")
                    .define("after", afterKey)
                    .bind("t", tenantId).bind("cutoff", cutoff).bind("limit", limit);
            if (after != null) {
                query.bind("afterTime", after.createdAt()).bind("afterId", after.id());
            }
            return query.map((rs, ctx) -> new JobKey(Rows.instant(rs, "created_at"), rs.getString("id"))).list();
        });
    }

    /** What one deletion transaction removed. */
    record Deleted(int jobs, int runs, int taskResults) {
    }

    /**
     * One short transaction: up to {@code maxRuns} finished runs of these jobs (finished before the cutoff)
     * with their task results, then those of the jobs that have no run left.
     */
    Deleted deleteBatch(List<String> jobIds, Instant cutoff, int maxRuns) {
        return jdbi.inTransaction(h -> {
            List<String> runIds = h.createQuery("""
                    SELECT id FROM runs WHERE job_id IN (<jobs>)
                      AND finished_at IS NOT NULL AND finished_at < :cutoff
                      AND status IN ('succeeded', 'failed', 'timed_out', 'cancelled', 'skipped')
                    ORDER BY job_id, id
                    LIMIT :limit""")
                    .bindList("jobs", jobIds).bind("cutoff", cutoff).bind("limit", maxRuns)
                    .mapTo(String.class).list();
            int taskResults = 0;
            int runs = 0;
            if (!runIds.isEmpty()) {
                taskResults = h.createUpdate("DELETE FROM task_results WHERE run_id IN (<runs>)")
                        .bindList("runs", runIds).execute();
                runs = h.createUpdate("""
                        DELETE FROM runs WHERE id IN (<runs>)
                          AND finished_at IS NOT NULL AND finished_at < :cutoff
                          AND status IN ('succeeded', 'failed', 'timed_out', 'cancelled', 'skipped')""")
                        .bindList("runs", runIds).bind("cutoff", cutoff).execute();
            }
            int jobs = h.createUpdate("""
                    DELETE FROM jobs WHERE id IN (<jobs>) AND created_at < :cutoff
                      AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.job_id = jobs.id)""")
                    .bindList("jobs", jobIds).bind("cutoff", cutoff).execute();
            return new Deleted(jobs, runs, taskResults);
        });
    }

    /**
     * Deletes up to {@code limit} fires of this tenant's schedules whose tick is before the cutoff and whose
     * job is gone (or never started); a fire of a job still kept stays with it. Returns how many.
     */
    int deleteOldFires(String tenantId, Instant cutoff, int limit) {
        return jdbi.inTransaction(h -> {
            List<Map.Entry<String, Instant>> fires = h.createQuery("""
                    SELECT f.schedule_id, f.tick FROM schedule_fires f JOIN schedules s ON s.id = f.schedule_id
                    WHERE s.tenant_id = :t AND f.tick < :cutoff
                      AND (f.job_id IS NULL OR NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = f.job_id))
                    ORDER BY f.schedule_id, f.tick
                    LIMIT :limit""")
                    .bind("t", tenantId).bind("cutoff", cutoff).bind("limit", limit)
                    .map((rs, ctx) -> Map.entry(rs.getString("schedule_id"), Rows.instant(rs, "tick"))).list();
            if (fires.isEmpty()) {
                return 0;
            }
            var batch = h.prepareBatch("DELETE FROM schedule_fires WHERE schedule_id = :s AND tick = :tick");
            fires.forEach(f -> batch.bind("s", f.getKey()).bind("tick", f.getValue()).add());
            int deleted = 0;
            for (int n : batch.execute()) {
                deleted += Math.max(n, 0);
            }
            return deleted;
        });
    }

    /**
     * The content hashes unfinished runs were offered ({@code runs.resources}: "name=sha256" lines): their
     * agents may still download them. Uses runs_by_finished_at.
     */
    Set<String> offeredToOpenRuns() {
        return jdbi.withHandle(h -> {
            Set<String> hashes = new HashSet<>();
            h.createQuery("SELECT resources FROM runs WHERE finished_at IS NULL AND resources IS NOT NULL")
                    .mapTo(String.class)
                    .forEach(text -> text.lines().forEach(line -> {
                        int eq = line.lastIndexOf('=');
                        if (eq >= 0) {
                            hashes.add(line.substring(eq + 1).trim());
                        }
                    }));
            return hashes;
        });
    }
}
