package dev.steward.server.retention;

import dev.steward.protocol.ModuleSpec;
import dev.steward.protocol.OnError;
import dev.steward.protocol.TaskSpec;
import dev.steward.server.TestDatastores;
import dev.steward.server.catalog.ModuleStore;
import dev.steward.server.fleet.AgentRecord;
import dev.steward.server.fleet.AgentStore;
import dev.steward.server.store.Datastore;
import dev.steward.server.tenancy.Tenant;
import dev.steward.server.tenancy.TenantStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real datastore (H2 or PostgreSQL) with rows written as the job and schedule code writes them, at chosen
 * times: jobs, runs, task results and schedule fires from weeks ago, without waiting weeks.
 */
final class History implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    final Datastore datastore;
    private final TenantStore tenants;

    History(String kind, Path dir) {
        datastore = Datastore.open(TestDatastores.create(kind, dir));
        tenants = new TenantStore(datastore.jdbi());
    }

    /** A tenant with one agent and one module. */
    record TenantRows(String id, String agent, String module) {
    }

    TenantRows tenant(String name) {
        String id = UUID.randomUUID().toString();
        tenants.insert(new Tenant(id, name, false, NOW.minusSeconds(400L * 86_400)));
        String agent = UUID.randomUUID().toString();
        new AgentStore(datastore.jdbi()).insert(new AgentRecord(agent, id, "a-" + name, "SHA256:" + agent, NOW, null, null, "poll",
                60, null, null, null, null), NOW.plusSeconds(86_400));
        String module = new ModuleStore(datastore.jdbi()).insertNextVersion(id, new ModuleSpec("m", 0, null,
                List.of(new TaskSpec("t", List.of("true"), null, null, 10, OnError.STOP, Map.of()))), "admin", NOW, null, true).id();
        return new TenantRows(id, agent, module);
    }

    String job(TenantRows t, Instant createdAt) {
        String id = UUID.randomUUID().toString();
        datastore.jdbi().useHandle(h -> h.createUpdate("""
                INSERT INTO jobs (id, tenant_id, module_id, created_by, created_at, kind, name)
                VALUES (:id, :t, :m, 'admin', :at, 'module', 'm')""")
                .bind("id", id).bind("t", t.id()).bind("m", t.module()).bind("at", createdAt).execute());
        return id;
    }

    /** A run with {@code tasks} task results; {@code finishedAt} null for an open run. */
    String run(TenantRows t, String job, String status, Instant createdAt, Instant finishedAt, int tasks, String resources) {
        String id = UUID.randomUUID().toString();
        datastore.jdbi().useHandle(h -> {
            h.createUpdate("""
                    INSERT INTO runs (id, job_id, tenant_id, agent_id, status, created_at, offered_at, finished_at, module_id, resources)
                    VALUES (:id, :job, :t, :agent, :status, :at, :at, :finished, :m, :resources)""")
                    .bind("id", id).bind("job", job).bind("t", t.id()).bind("agent", t.agent()).bind("status", status)
                    .bind("at", createdAt).bindByType("finished", finishedAt, Instant.class).bind("m", t.module())
                    .bindByType("resources", resources, String.class)
                    .execute();
            for (int seq = 0; seq < tasks; seq++) {
                h.createUpdate("""
                        INSERT INTO task_results (run_id, seq, name, status, exit_code, stdout, stderr, started_at, finished_at)
                        VALUES (:run, :seq, 't', 'succeeded', 0, 'output', '', :at, :at)""")
                        .bind("run", id).bind("seq", seq).bind("at", createdAt).execute();
            }
        });
        return id;
    }

    /** A job created at {@code createdAt} with one finished run (and two task results) that ended at {@code finishedAt}. */
    String finishedJob(TenantRows t, Instant createdAt, Instant finishedAt) {
        String job = job(t, createdAt);
        run(t, job, "succeeded", createdAt, finishedAt, 2, null);
        return job;
    }

    String schedule(TenantRows t, String name) {
        String id = UUID.randomUUID().toString();
        datastore.jdbi().useHandle(h -> h.createUpdate("""
                INSERT INTO schedules (id, tenant_id, name, request, cron, time_zone, paused, next_fire_at, created_by,
                                       created_role, created_at)
                VALUES (:id, :t, :name, '{}', '0 * * * *', 'UTC', FALSE, :next, 'admin', 'TENANT_ADMIN', :at)""")
                .bind("id", id).bind("t", t.id()).bind("name", name).bind("next", NOW.plusSeconds(3600))
                .bind("at", NOW.minusSeconds(400L * 86_400)).execute());
        return id;
    }

    void fire(String schedule, Instant tick, String job) {
        datastore.jdbi().useHandle(h -> h.createUpdate("""
                INSERT INTO schedule_fires (schedule_id, tick, fired_at, node, job_id, missed_ticks)
                VALUES (:s, :tick, :tick, 'node', :job, 0)""")
                .bind("s", schedule).bind("tick", tick).bindByType("job", job, String.class).execute());
    }

    boolean jobExists(String job) {
        return count("SELECT COUNT(*) FROM jobs WHERE id = :id", job) == 1;
    }

    long runsOf(String job) {
        return count("SELECT COUNT(*) FROM runs WHERE job_id = :id", job);
    }

    long taskResultsOf(String job) {
        return count("SELECT COUNT(*) FROM task_results t JOIN runs r ON r.id = t.run_id WHERE r.job_id = :id", job);
    }

    long firesOf(String schedule) {
        return count("SELECT COUNT(*) FROM schedule_fires WHERE schedule_id = :id", schedule);
    }

    long total(String table) {
        return datastore.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    private long count(String sql, String id) {
        return datastore.jdbi().withHandle(h -> h.createQuery(sql).bind("id", id).mapTo(Long.class).one());
    }

    @Override
    public void close() {
        datastore.close();
    }
}
