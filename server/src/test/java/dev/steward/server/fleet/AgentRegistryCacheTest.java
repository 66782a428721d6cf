package dev.steward.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.protocol.Fingerprint;
import dev.steward.server.SteppedClock;
import dev.steward.server.TestDatastores;
import dev.steward.server.http.ApiException;
import dev.steward.server.identity.Principal;
import dev.steward.server.identity.Role;
import dev.steward.server.pki.EnvironmentCa;
import dev.steward.server.store.Datastore;
import dev.steward.server.tenancy.Tenant;
import dev.steward.server.tenancy.TenantStore;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the registry remembers of certificates and settings: never a revoked agent or old settings after a
 * change made on this node, and nothing longer than {@link AgentRegistry#CACHED_FOR} when it was not told.
 */
class AgentRegistryCacheTest {
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void aRevocationOnThisNodeRefusesTheNextRequestEvenWithTheIdentityCached(@TempDir Path dir) {
        try (Fleet f = new Fleet(dir)) {
            assertThat(f.registry.identify(f.certificate).name()).isEqualTo("laptop");
            assertThat(f.registry.identify(f.certificate).name()).as("from the cache").isEqualTo("laptop");

            f.service.revoke(f.admin, "laptop");
            assertThatThrownBy(() -> f.registry.identify(f.certificate)).isInstanceOf(ApiException.class)
                    .hasMessageContaining("revoked");
        }
    }

    @Test
    void aRevocationWhoseFollowUpFailsStillRefusesTheNextRequest(@TempDir Path dir) {
        try (Fleet f = new Fleet(dir)) {
            f.registry.identify(f.certificate);
            // The revocation commits; moving the agent's sequences on afterwards fails.
            AgentService failingAfterCommit = new AgentService(f.store, f.registry, (h, id, reason) -> () -> {
                throw new IllegalStateException("sequencing failed after the commit");
            }, f.registry::settingsChanged, f.datastore.transactions(), f.clock);
            assertThatThrownBy(() -> failingAfterCommit.revoke(f.admin, "laptop")).hasMessageContaining("sequencing failed");
            assertThatThrownBy(() -> f.registry.identify(f.certificate)).hasMessageContaining("revoked");
        }
    }

    @Test
    void aRevocationMadeElsewhereIsSeenWithinTheBound(@TempDir Path dir) {
        try (Fleet f = new Fleet(dir)) {
            f.registry.identify(f.certificate);
            // Another node revoked it: the datastore changed, this node was not told.
            f.datastore.jdbi().useHandle(h -> f.store.revoke(h, f.agentId, NOW));
            assertThat(f.registry.identify(f.certificate).revoked()).as("still cached").isFalse();
            f.clock.advance(AgentRegistry.CACHED_FOR);
            assertThatThrownBy(() -> f.registry.identify(f.certificate)).hasMessageContaining("revoked");
        }
    }

    @Test
    void settingsChangedHereAreReadAtOnceAndUnreportedOnesWithinTheBound(@TempDir Path dir) {
        try (Fleet f = new Fleet(dir)) {
            assertThat(f.registry.settings(f.agentId).pollIntervalSeconds()).isNull();
            f.service.set(f.admin, "laptop", Map.of("poll_interval", "45s"));
            assertThat(f.registry.settings(f.agentId).pollIntervalSeconds()).as("told by the service").isEqualTo(45L);

            f.registry.settingsStore().saveAgent(f.agentId, new AgentSettings(null, 90L, null));
            assertThat(f.registry.settings(f.agentId).pollIntervalSeconds()).as("not told: cached").isEqualTo(45L);
            f.clock.advance(AgentRegistry.CACHED_FOR);
            assertThat(f.registry.settings(f.agentId).pollIntervalSeconds()).isEqualTo(90L);
        }
    }

    /** A datastore with one tenant and one agent holding a certificate issued by a real CA. */
    private static final class Fleet implements AutoCloseable {
        final SteppedClock clock = new SteppedClock(NOW);
        final Datastore datastore;
        final AgentStore store;
        final AgentRegistry registry;
        final AgentService service;
        final String tenant = UUID.randomUUID().toString();
        final String agentId = UUID.randomUUID().toString();
        final X509Certificate certificate;
        final Principal admin;

        Fleet(Path dir) {
            datastore = Datastore.open(TestDatastores.create("sqlite", dir));
            new TenantStore(datastore.jdbi()).insert(new Tenant(tenant, "t-" + tenant.substring(0, 8), false, NOW));
            store = new AgentStore(datastore.jdbi());
            registry = new AgentRegistry(store, new AgentSettingsStore(datastore.jdbi()), clock);
            EnvironmentCa ca = EnvironmentCa.loadOrCreate(dir, clock);
            certificate = ca.issueAgent(EnvironmentCa.newKeyPair().getPublic(), agentId, tenant);
            registry.register(new AgentRecord(agentId, tenant, "laptop", Fingerprint.of(certificate).value(), NOW, null,
                    null, "poll", 60, null, null, null, null), NOW.plus(Duration.ofDays(1)));
            service = new AgentService(store, registry, (h, id, reason) -> () -> { }, registry::settingsChanged,
                    datastore.transactions(), clock);
            admin = new Principal("token", tenant, Role.TENANT_ADMIN);
        }

        @Override
        public void close() {
            datastore.close();
        }
    }
}
