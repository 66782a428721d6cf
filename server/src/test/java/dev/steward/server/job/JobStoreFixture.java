package dev.steward.server.job;

import dev.steward.protocol.ModuleSpec;
import dev.steward.protocol.OnError;
import dev.steward.protocol.TaskSpec;
import dev.steward.server.TestDatastores;
import dev.steward.server.catalog.ModuleStore;
import dev.steward.server.catalog.ModuleView;
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

/** A datastore (H2 or PostgreSQL) with a tenant, a one-task module and a job store, for job storage tests. */
final class JobStoreFixture implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    final Datastore datastore;
    final String tenant = UUID.randomUUID().toString();
    final ModuleView module;
    final JobStore jobs;
    private final AgentStore agents;

    JobStoreFixture(String kind, Path dir) {
        datastore = Datastore.open(TestDatastores.create(kind, dir));
        new TenantStore(datastore.jdbi()).insert(new Tenant(tenant, "t-" + tenant.substring(0, 8), false, NOW));
        agents = new AgentStore(datastore.jdbi());
        module = new ModuleStore(datastore.jdbi()).insertNextVersion(tenant, new ModuleSpec("m", 0, null,
                List.of(new TaskSpec("t", List.of("true"), null, null, 10, OnError.STOP, Map.of()))), "admin", NOW, null, true);
        jobs = new JobStore(datastore.jdbi());
    }

    String agent(String name) {
        String id = UUID.randomUUID().toString();
        agents.insert(new AgentRecord(id, tenant, name, "SHA256:" + id, NOW, null, null, "poll", 60, null, null, null,
                null), NOW.plusSeconds(86_400));
        return id;
    }

    @Override
    public void close() {
        datastore.close();
    }
}
