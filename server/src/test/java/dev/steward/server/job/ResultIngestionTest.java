package dev.steward.server.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.ModuleSpec;
import dev.steward.protocol.OnError;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.RunStatus;
import dev.steward.protocol.TaskResult;
import dev.steward.protocol.TaskSpec;
import dev.steward.protocol.TaskStatus;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** At-least-once delivery meets exactly-once storage: the same result, however often and concurrently sent, is stored once. */
class ResultIngestionTest {
    private static final Instant NOW = JobStoreFixture.NOW;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void duplicateAndConcurrentDeliveriesStoreOneResult(String kind, @TempDir Path dir) throws Exception {
        try (JobStoreFixture f = new JobStoreFixture(kind, dir)) {
            String tenant = f.tenant;
            String agent = f.agent("a");
            String other = f.agent("b");
            ModuleView module = f.module;
            JobStore jobs = f.jobs;
            String jobId = jobs.create(tenant, module.id(), "admin", NOW, List.of(agent));
            String runId = jobs.runsWithTasks(tenant, jobId, true).getFirst().run().id();
            RunResult result = new RunResult(runId, RunStatus.SUCCEEDED, List.of(
                    new TaskResult("t", TaskStatus.SUCCEEDED, 0, "out\n", "", NOW, NOW)), NOW, NOW);

            assertThat(jobs.ingest(other, result, NOW).outcome()).isEqualTo(JobStore.Ingestion.NOT_YOURS);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Callable<JobStore.Ingestion>> deliveries = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                deliveries.add(() -> jobs.ingest(agent, result, NOW).outcome());
            }
            List<JobStore.Ingestion> outcomes = new ArrayList<>();
            for (Future<JobStore.Ingestion> outcome : pool.invokeAll(deliveries)) {
                outcomes.add(outcome.get());
            }
            pool.shutdown();

            assertThat(outcomes).filteredOn(o -> o == JobStore.Ingestion.STORED).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o == JobStore.Ingestion.DUPLICATE).hasSize(15);
            assertThat(jobs.runsWithTasks(tenant, jobId, true).getFirst().tasks()).hasSize(1);
            assertThat(jobs.runsWithTasks(tenant, jobId, true).getFirst().run().status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(jobs.ingest(agent, result, NOW).outcome()).isEqualTo(JobStore.Ingestion.DUPLICATE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aCancelledRunKeepsItsStatusButGainsTheOutput(String kind, @TempDir Path dir) {
        try (JobStoreFixture f = new JobStoreFixture(kind, dir)) {
            String tenant = f.tenant;
            String agent = f.agent("a");
            ModuleView module = f.module;
            JobStore jobs = f.jobs;
            String jobId = jobs.create(tenant, module.id(), "admin", NOW, List.of(agent));
            String runId = jobs.runsWithTasks(tenant, jobId, true).getFirst().run().id();
            f.datastore.jdbi().useTransaction(h -> jobs.markStarted(h, List.of(new JobStore.AgentRun(agent, runId)), NOW));
            jobs.cancel(tenant, jobId, NOW);
            assertThat(jobs.openRuns(agent, NOW)).extracting(JobStore.OpenRun::status).containsExactly(RunStatus.CANCELLED);

            RunResult result = new RunResult(runId, RunStatus.CANCELLED, List.of(
                    new TaskResult("t", TaskStatus.CANCELLED, null, "partial\u0000", "", NOW, NOW)), NOW, NOW);
            assertThat(jobs.ingest(agent, result, NOW).outcome()).isEqualTo(JobStore.Ingestion.STORED);
            assertThat(jobs.runsWithTasks(tenant, jobId, true).getFirst().run().status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(jobs.runsWithTasks(tenant, jobId, true).getFirst().run().finishedAt()).isNotNull();
            assertThat(jobs.openRuns(agent, NOW)).isEmpty();
            assertThat(jobs.runsWithTasks(tenant, jobId, true).getFirst().tasks().getFirst().stdout()).isEqualTo("partial\uFFFD");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aRunOfferedButNotYetAcceptedIsCancelledOnTheAgentToo(String kind, @TempDir Path dir) {
        try (JobStoreFixture f = new JobStoreFixture(kind, dir)) {
            String tenant = f.tenant;
            String agent = f.agent("a");
            ModuleView module = f.module;
            JobStore jobs = f.jobs;
            String offeredJob = jobs.create(tenant, module.id(), "admin", NOW, List.of(agent));
            assertThat(jobs.openRuns(agent, NOW)).hasSize(1);          // sent in a poll answer...
            String neverOfferedJob = jobs.create(tenant, module.id(), "admin", NOW, List.of(agent));
            jobs.cancel(tenant, offeredJob, NOW);                      // ...cancelled before run_accepted arrived
            jobs.cancel(tenant, neverOfferedJob, NOW);

            // The never-offered run is closed at once; the offered one is answered with cancel_run until confirmed.
            assertThat(jobs.runsWithTasks(tenant, neverOfferedJob, true).getFirst().run().finishedAt()).isNotNull();
            List<JobStore.OpenRun> open = jobs.openRuns(agent, NOW);
            assertThat(open).singleElement().satisfies(run -> {
                assertThat(run.jobId()).isEqualTo(offeredJob);
                assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
            });
            String runId = open.getFirst().runId();
            assertThat(jobs.ingest(agent, RunResult.abandoned(runId, RunStatus.CANCELLED, "cancelled before it started", null),
                    NOW).outcome()).isEqualTo(JobStore.Ingestion.STORED);
            assertThat(jobs.openRuns(agent, NOW)).isEmpty();
            assertThat(jobs.runsWithTasks(tenant, offeredJob, true).getFirst().run().error()).isEqualTo("cancelled before it started");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aRemovedAgentsOpenRunsAreClosedWithTheReason(String kind, @TempDir Path dir) {
        try (JobStoreFixture f = new JobStoreFixture(kind, dir)) {
            String tenant = f.tenant;
            String gone = f.agent("gone");
            String staying = f.agent("staying");
            ModuleView module = f.module;
            JobStore jobs = f.jobs;
            String jobId = jobs.create(tenant, module.id(), "admin", NOW, List.of(gone, staying));

            int closed = f.datastore.transactions().inTransaction(h -> jobs.closeOpenRuns(h, gone, "the agent was revoked", NOW));
            assertThat(closed).isEqualTo(1);
            assertThat(jobs.runsWithTasks(tenant, jobId, true)).extracting(r -> r.run().agentId() + ":" + r.run().status())
                    .containsExactlyInAnyOrder(gone + ":" + RunStatus.FAILED, staying + ":" + RunStatus.PENDING);
            assertThat(jobs.openRuns(gone, NOW)).isEmpty();
        }
    }
}
