package dev.steward.server.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A new job's runs are pushed to connected agents in bulk. Only the runs actually offered are marked so,
 * which decides what a cancel does: an offered run waits for the agent to confirm it stopped, a run
 * never offered is closed at once.
 */
class NewRunOfferTest {
    private static final Instant NOW = JobStoreFixture.NOW;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void offersOnlyTheNamedAgentsRunsAndCancelTreatsThemAccordingly(String kind, @TempDir Path dir) {
        try (JobStoreFixture f = new JobStoreFixture(kind, dir)) {
            String connected = f.agent("connected");
            String polling = f.agent("polling");
            String jobId = f.jobs.create(f.tenant, f.module.id(), "admin", NOW, List.of(connected, polling));

            List<JobStore.OpenRun> offered = f.jobs.offerNewRuns(jobId, List.of(connected), NOW);
            assertThat(offered).singleElement().satisfies(run -> {
                assertThat(run.agentId()).isEqualTo(connected);
                assertThat(run.jobId()).isEqualTo(jobId);
                assertThat(run.moduleId()).isEqualTo(f.module.id());
                assertThat(run.status()).isEqualTo(RunStatus.PENDING);
            });
            // Offering again finds nothing new to mark, but still lists the pending run (a re-push is harmless).
            assertThat(f.jobs.offerNewRuns(jobId, List.of(connected), NOW)).hasSize(1);

            f.jobs.cancel(f.tenant, jobId, NOW.plusSeconds(1));
            assertThat(f.jobs.openRuns(connected, NOW.plusSeconds(2))).singleElement()
                    .satisfies(run -> assertThat(run.status()).isEqualTo(RunStatus.CANCELLED));
            assertThat(f.jobs.openRuns(polling, NOW.plusSeconds(2))).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aRunCancelledBeforeItWasOfferedIsNeverPushed(String kind, @TempDir Path dir) {
        try (JobStoreFixture f = new JobStoreFixture(kind, dir)) {
            String agent = f.agent("late");
            String jobId = f.jobs.create(f.tenant, f.module.id(), "admin", NOW, List.of(agent));
            f.jobs.cancel(f.tenant, jobId, NOW.plusSeconds(1));

            assertThat(f.jobs.offerNewRuns(jobId, List.of(agent), NOW.plusSeconds(2))).isEmpty();
            assertThat(f.jobs.openRuns(agent, NOW.plusSeconds(3))).isEmpty();
        }
    }
}
