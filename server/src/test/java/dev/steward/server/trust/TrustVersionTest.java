package dev.steward.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.server.TestDatastores;
import dev.steward.server.catalog.ModuleService;
import dev.steward.server.catalog.ModuleStore;
import dev.steward.server.fleet.AgentRecord;
import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.fleet.AgentSettingsStore;
import dev.steward.server.fleet.AgentStore;
import dev.steward.server.folder.FolderKind;
import dev.steward.server.folder.FolderService;
import dev.steward.server.folder.FolderStore;
import dev.steward.server.identity.AdminTokenService;
import dev.steward.server.identity.AdminTokenStore;
import dev.steward.server.identity.Principal;
import dev.steward.server.identity.Role;
import dev.steward.server.resource.ResourceBlobs;
import dev.steward.server.resource.ResourceService;
import dev.steward.server.resource.ResourceStore;
import dev.steward.server.store.Datastore;
import dev.steward.server.team.TeamService;
import dev.steward.server.team.TeamStore;
import dev.steward.server.tenancy.Tenant;
import dev.steward.server.tenancy.TenantService;
import dev.steward.server.tenancy.TenantStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trust version is bumped by every write trust decisions are read from, and by nothing that is read per
 * admission instead; the cached tenant part is reused while the version stands and replaced once it moves.
 * Real services on a real datastore, wired as the composition root wires them.
 */
class TrustVersionTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void everyWriteTrustsAreReadFromBumpsTheVersion(String kind, @TempDir Path dir) throws Exception {
        try (Datastore datastore = Datastore.open(TestDatastores.create(kind, dir))) {
            Wiring w = new Wiring(datastore, dir);
            String tenant = w.tenant("acme");
            String otherTenant = w.tenant("other");
            Principal admin = new Principal("test", tenant, Role.TENANT_ADMIN);
            w.agent(tenant, "web-1");

            w.expectBump(tenant, () -> w.folders.create(admin, FolderKind.TEAM, "/Acme", false));
            w.expectBump(tenant, () -> w.folders.create(admin, FolderKind.TEAM, "/Other", false));
            w.expectBump(tenant, () -> w.folders.create(admin, FolderKind.MODULE, "/Acme", false));
            w.expectBump(tenant, () -> w.folders.create(admin, FolderKind.RESOURCE, "/Acme", false));
            w.expectBump(tenant, () -> w.folders.move(admin, FolderKind.TEAM, "/Other", "/Acme"));
            w.expectBump(tenant, () -> w.folders.rename(admin, FolderKind.TEAM, "/Acme/Other", "Web"));
            w.expectBump(tenant, () -> w.teams.create(admin, new TeamService.CreateRequest("web", "/Acme/Web", List.of())));
            w.expectBump(tenant, () -> w.teams.move(admin, "web", "/Acme"));
            w.expectBump(tenant, () -> w.teams.rename(admin, "web", "webs"));
            w.expectBump(tenant, () -> w.modules.apply(admin, "name: hello\ntasks:\n  - name: t\n    command: [\"true\"]\n", "/Acme"));
            w.expectBump(tenant, () -> w.modules.move(admin, "hello", "/"));
            w.expectBump(tenant, () -> w.resources.upload(admin, "app.conf", "/Acme", 5,
                    () -> new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8))));
            w.expectBump(tenant, () -> w.resources.move(admin, "app.conf", "/"));
            w.expectBump(tenant, () -> w.trusts.add(admin, new TrustService.TrustRequest("team", "webs", "module", "hello")));
            w.expectBump(tenant, () -> w.trusts.remove(admin, new TrustService.TrustRequest("team", "webs", "module", "hello")));
            w.expectBump(tenant, () -> w.trusts.setSecurity(admin, "enabled"));
            // Deleting an object that holds trusts takes them along, which bumps too.
            w.trusts.add(admin, new TrustService.TrustRequest("team_folder", "/Acme/Web", "module", "hello"));
            w.expectBump(tenant, () -> w.folders.delete(admin, FolderKind.TEAM, "/Acme/Web"));
            w.expectBump(tenant, () -> w.resources.delete(admin, "app.conf"));

            // Read per admission, not cached: membership and primary team leave the version alone.
            w.expectNoBump(tenant, () -> w.teams.addMembers(admin, "webs", List.of("web-1")));
            w.expectNoBump(tenant, () -> w.teams.setPrimary(admin, "webs", List.of("web-1")));
            w.expectNoBump(tenant, () -> w.teams.clearPrimary(admin, List.of("web-1")));
            w.expectNoBump(tenant, () -> w.teams.removeMembers(admin, "webs", List.of("web-1")));
            w.expectBump(tenant, () -> w.teams.delete(admin, "webs"));

            // Versions are per tenant.
            long other = w.version(otherTenant);
            w.folders.create(admin, FolderKind.MODULE, "/Mine", false);
            assertThat(w.version(otherTenant)).isEqualTo(other);
            // A refused write changes nothing, the version included.
            w.expectNoBump(tenant, () -> {
                try {
                    w.folders.create(admin, FolderKind.MODULE, "/Mine", false);
                } catch (RuntimeException alreadyThere) {
                    assertThat(alreadyThere).hasMessageContaining("already exists");
                }
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void theTenantPartIsReusedUntilTheVersionMoves(String kind, @TempDir Path dir) throws Exception {
        try (Datastore datastore = Datastore.open(TestDatastores.create(kind, dir))) {
            Wiring w = new Wiring(datastore, dir);
            String tenant = w.tenant("acme");
            Principal admin = new Principal("test", tenant, Role.TENANT_ADMIN);
            String agent = w.agent(tenant, "web-1");
            w.folders.create(admin, FolderKind.TEAM, "/Acme", false);
            w.teams.create(admin, new TeamService.CreateRequest("web", "/Acme", List.of()));
            w.modules.apply(admin, "name: hello\ntasks:\n  - name: t\n    command: [\"true\"]\n", null);

            long v1 = w.version(tenant);
            TrustSnapshot first = w.snapshots.tenantPart(tenant, v1);
            assertThat(w.snapshots.tenantPart(tenant, v1)).isSameAs(first);
            assertThat(w.snapshots.cachedTenants()).isEqualTo(1);

            // A primary team set since is still seen: agents are placed per call, on top of the cached part.
            w.teams.setPrimary(admin, "web", List.of("web-1"));
            assertThat(w.snapshots.tenantPart(tenant, w.version(tenant))).isSameAs(first);
            assertThat(w.snapshots.load(tenant, List.of(agent)).chain(TrustNode.agent(agent)))
                    .extracting(TrustNode::kind).containsExactly(TrustNodeKind.AGENT, TrustNodeKind.TEAM, TrustNodeKind.TEAM_FOLDER);

            w.trusts.add(admin, new TrustService.TrustRequest("team", "web", "module", "hello"));
            long v2 = w.version(tenant);
            TrustSnapshot second = w.snapshots.tenantPart(tenant, v2);
            assertThat(second).isNotSameAs(first);
            assertThat(second.entries()).hasSize(1);
            assertThat(first.entries()).isEmpty();
            // The older version is dropped, not kept until evicted.
            assertThat(w.snapshots.cachedTenants()).isEqualTo(1);
            assertThat(w.snapshots.tenantPart(tenant, v2)).isSameAs(second);
        }
    }

    /** The services the trust snapshot reads, as StewardServer wires them. */
    private static final class Wiring {
        final TenantStore tenantStore;
        final TenantService tenants;
        final AgentStore agentStore;
        final FolderService folders;
        final TeamService teams;
        final ResourceService resources;
        final ModuleService modules;
        final TrustSnapshots snapshots;
        final TrustService trusts;

        Wiring(Datastore datastore, Path dir) {
            var jdbi = datastore.jdbi();
            Clock clock = Clock.systemUTC();
            tenantStore = new TenantStore(jdbi);
            tenants = new TenantService(tenantStore, new AdminTokenService(new AdminTokenStore(jdbi), clock), clock);
            agentStore = new AgentStore(jdbi);
            AgentRegistry registry = new AgentRegistry(agentStore, new AgentSettingsStore(jdbi), clock);
            TrustStore trustStore = new TrustStore(jdbi);
            TrustCleanup cleanup = new TrustCleanup(trustStore);
            folders = new FolderService(new FolderStore(jdbi), cleanup, clock);
            teams = new TeamService(new TeamStore(jdbi), folders, registry, agentIds -> { }, cleanup, clock);
            resources = new ResourceService(new ResourceStore(jdbi), new ResourceBlobs(dir), folders, cleanup, 1 << 20, clock);
            modules = new ModuleService(new ModuleStore(jdbi), folders, resources, clock);
            snapshots = new TrustSnapshots(trustStore, folders, teams, registry, modules, resources, tenants);
            trusts = new TrustService(trustStore, snapshots, tenants, folders, teams, registry, modules, resources, clock);
        }

        String tenant(String name) {
            String id = UUID.randomUUID().toString();
            tenantStore.insert(new Tenant(id, name, false, NOW));
            return id;
        }

        String agent(String tenant, String name) {
            String id = UUID.randomUUID().toString();
            agentStore.insert(new AgentRecord(id, tenant, name, "SHA256:" + id, NOW, null, null, "poll", 60, null, null, null,
                    null), NOW.plusSeconds(86_400));
            return id;
        }

        long version(String tenant) {
            return tenants.trustState(tenant).version();
        }

        void expectBump(String tenant, ThrowingRunnable write) throws Exception {
            long before = version(tenant);
            write.run();
            assertThat(version(tenant)).as("trust version after the write").isGreaterThan(before);
        }

        void expectNoBump(String tenant, ThrowingRunnable write) throws Exception {
            long before = version(tenant);
            write.run();
            assertThat(version(tenant)).as("trust version after the write").isEqualTo(before);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
