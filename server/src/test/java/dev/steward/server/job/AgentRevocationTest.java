package dev.steward.server.job;

import static dev.steward.server.job.JobStoreFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.protocol.RunStatus;
import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.fleet.AgentRemovalListener;
import dev.steward.server.fleet.AgentService;
import dev.steward.server.fleet.AgentSettingsStore;
import dev.steward.server.fleet.AgentStore;
import dev.steward.server.identity.Principal;
import dev.steward.server.identity.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Revoking an agent and closing its runs commit together: a failure in between leaves neither half done. */
class AgentRevocationTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aFailureWhileClosingRunsLeavesTheAgentEnrolledAndARetryFinishesBoth(String kind, @TempDir Path dir) {
        try (JobStoreFixture f = new JobStoreFixture(kind, dir)) {
            String agent = f.agent("laptop");
            String jobId = f.jobs.create(f.tenant, f.module.id(), "admin", NOW, List.of(agent));
            AgentStore agents = new AgentStore(f.datastore.jdbi());
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            AgentRegistry registry = new AgentRegistry(agents, new AgentSettingsStore(f.datastore.jdbi()), clock);
            Principal admin = new Principal("token", f.tenant, Role.TENANT_ADMIN);

            AgentRemovalListener failing = (h, id, reason) -> {
                f.jobs.closeOpenRuns(h, id, reason, NOW);
                throw new IllegalStateException("the node failed between closing runs and committing");
            };
            AgentService broken = new AgentService(agents, registry, failing, ids -> { }, f.datastore.transactions(), clock);
            assertThatThrownBy(() -> broken.revoke(admin, "laptop")).hasMessageContaining("the node failed");
            assertThat(registry.stillEnrolled(agent)).as("the revocation rolled back with the failure").isTrue();
            assertThat(status(f, jobId)).isEqualTo(RunStatus.PENDING);

            AgentRemovalListener closing = (h, id, reason) -> {
                f.jobs.closeOpenRuns(h, id, reason, NOW);
                return () -> { };
            };
            new AgentService(agents, registry, closing, ids -> { }, f.datastore.transactions(), clock).revoke(admin, "laptop");
            assertThat(registry.stillEnrolled(agent)).isFalse();
            assertThat(status(f, jobId)).isEqualTo(RunStatus.FAILED);
        }
    }

    private static RunStatus status(JobStoreFixture f, String jobId) {
        return f.jobs.runsWithTasks(f.tenant, jobId, false).getFirst().run().status();
    }
}
