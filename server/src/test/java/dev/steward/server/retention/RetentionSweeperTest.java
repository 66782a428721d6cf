package dev.steward.server.retention;

import static dev.steward.server.retention.History.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.server.resource.ResourceBlobs;
import dev.steward.server.resource.ResourceCollector;
import dev.steward.server.resource.ResourceStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retention deletes what it should and nothing a running job needs: old finished jobs go with their runs,
 * task results and schedule fires; newer jobs, and jobs with any run still open however old, stay whole;
 * each tenant's own setting applies; deletion proceeds in bounded batches across passes.
 */
class RetentionSweeperTest {

    private static Instant daysAgo(double days) {
        return NOW.minusSeconds((long) (days * 86_400));
    }

    private static RetentionSweeper sweeper(History h, Path dir, int runsPerBatch, int maxBatches) {
        RetentionSweeper.Settings settings = new RetentionSweeper.Settings(Duration.ofHours(1), Duration.ofHours(1), runsPerBatch,
                Duration.ZERO, maxBatches, Duration.ofMinutes(1), Duration.ofHours(24));
        RetentionStore store = new RetentionStore(h.datastore.jdbi());
        ResourceCollector content = new ResourceCollector(new ResourceStore(h.datastore.jdbi()), new ResourceBlobs(dir));
        List<String> tenants = h.datastore.jdbi().withHandle(x -> x.createQuery("SELECT id FROM tenants").mapTo(String.class).list());
        return new RetentionSweeper(store, content, () -> tenants, Clock.systemUTC(), settings);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void deletesOldFinishedJobsAndKeepsNewerAndOpenOnesPerTenant(String kind, @TempDir Path dir) {
        try (History h = new History(kind, dir)) {
            History.TenantRows a = h.tenant("a");
            History.TenantRows b = h.tenant("b");
            new RetentionStore(h.datastore.jdbi()).set(a.id(), 1, "admin", NOW);   // tenant a: 1 day; b: the default (30)

            String aOld = h.finishedJob(a, daysAgo(3), daysAgo(2.9));
            String aNew = h.finishedJob(a, daysAgo(0.5), daysAgo(0.4));
            // A run finished long ago, another finished a few hours ago: the job ended recently, it stays whole.
            String aRecentlyEnded = h.job(a, daysAgo(10));
            h.run(a, aRecentlyEnded, "succeeded", daysAgo(10), daysAgo(10), 1, null);
            h.run(a, aRecentlyEnded, "failed", daysAgo(10), daysAgo(0.25), 1, null);
            // Jobs with a run still open, however old: every open state, and a cancelled run its agent may hold.
            List<String> open = new ArrayList<>();
            for (String status : List.of("pending", "delivered", "running", "waiting", "cancelled")) {
                String job = h.job(a, daysAgo(300));
                h.run(a, job, "succeeded", daysAgo(300), daysAgo(299), 2, null);
                h.run(a, job, status, daysAgo(300), null, status.equals("running") ? 1 : 0, null);
                open.add(job);
            }
            // A non-terminal status with a finished_at (never written by the server) still counts as open.
            String oddlyOpen = h.job(a, daysAgo(300));
            h.run(a, oddlyOpen, "running", daysAgo(300), daysAgo(299), 0, null);
            open.add(oddlyOpen);
            String aNoRuns = h.job(a, daysAgo(5));
            String bTwentyDays = h.finishedJob(b, daysAgo(20), daysAgo(20));
            String bFortyDays = h.finishedJob(b, daysAgo(40), daysAgo(40));

            String schedule = h.schedule(a, "hourly");
            h.fire(schedule, daysAgo(3), aOld);            // its job goes: the fire goes
            h.fire(schedule, daysAgo(300), open.getFirst()); // its job stays: so does the fire
            h.fire(schedule, daysAgo(4), null);             // "not run" long ago: goes
            h.fire(schedule, daysAgo(0.5), aNew);           // recent: stays

            RetentionSweeper.Swept swept = sweeper(h, dir, 500, 1000).sweepOnce(NOW);

            assertThat(h.jobExists(aOld)).isFalse();
            assertThat(h.runsOf(aOld)).isZero();
            assertThat(h.taskResultsOf(aOld)).isZero();
            assertThat(h.jobExists(aNoRuns)).isFalse();
            assertThat(h.jobExists(bFortyDays)).isFalse();
            assertThat(h.taskResultsOf(bFortyDays)).isZero();

            assertThat(h.jobExists(aNew)).isTrue();
            assertThat(h.taskResultsOf(aNew)).isEqualTo(2);
            assertThat(h.jobExists(bTwentyDays)).isTrue();
            assertThat(h.taskResultsOf(bTwentyDays)).isEqualTo(2);
            assertThat(h.runsOf(aRecentlyEnded)).isEqualTo(2);
            for (String job : open) {
                assertThat(h.jobExists(job)).as(job).isTrue();
            }
            // Nothing of an open job is touched, not even its long-finished runs and their output.
            for (String job : open.subList(0, 5)) {
                assertThat(h.runsOf(job)).isEqualTo(2);
            }
            assertThat(h.taskResultsOf(open.get(2))).isEqualTo(3);
            assertThat(h.firesOf(schedule)).isEqualTo(2);

            assertThat(swept.jobs()).isEqualTo(3);
            assertThat(swept.runs()).isEqualTo(2);
            assertThat(swept.taskResults()).isEqualTo(4);
            assertThat(swept.fires()).isEqualTo(2);

            // Idempotent: a second pass (as on another node) finds nothing more.
            RetentionSweeper.Swept again = sweeper(h, dir, 500, 1000).sweepOnce(NOW);
            assertThat(again.jobs() + again.runs() + again.taskResults() + again.fires()).isZero();

            // Tenant b moves to 10 days: its 20-day-old job goes at the next pass; a's open jobs still stay.
            new RetentionStore(h.datastore.jdbi()).set(b.id(), 10, "admin", NOW);
            assertThat(sweeper(h, dir, 500, 1000).sweepOnce(NOW).jobs()).isEqualTo(1);
            assertThat(h.jobExists(bTwentyDays)).isFalse();
            assertThat(open).allSatisfy(job -> assertThat(h.jobExists(job)).isTrue());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void deletesInBoundedBatchesPastTheBatchSizeAndAcrossPasses(String kind, @TempDir Path dir) {
        try (History h = new History(kind, dir)) {
            History.TenantRows t = h.tenant("t");
            // 130 old jobs (more than one page of 100) of 3 runs each, and one fan-out of 50 runs.
            for (int i = 0; i < 130; i++) {
                String job = h.job(t, daysAgo(60).plusSeconds(i));
                for (int r = 0; r < 3; r++) {
                    h.run(t, job, "succeeded", daysAgo(60), daysAgo(59), 1, null);
                }
            }
            String fanOut = h.job(t, daysAgo(45));
            for (int r = 0; r < 50; r++) {
                h.run(t, fanOut, r % 2 == 0 ? "succeeded" : "timed_out", daysAgo(45), daysAgo(44), 2, null);
            }
            String kept = h.finishedJob(t, daysAgo(2), daysAgo(2));
            long runs = 130 * 3 + 50;

            // At most 7 runs per transaction, at most 10 transactions per pass: 70 runs, then the next pass goes on.
            RetentionSweeper.Swept first = sweeper(h, dir, 7, 10).sweepOnce(NOW);
            assertThat(first.batches()).isEqualTo(10);
            assertThat(first.runs()).isEqualTo(70);
            assertThat(h.total("runs")).isEqualTo(runs + 1 - 70);

            int passes = 1;
            long deletedRuns = first.runs();
            long deletedJobs = first.jobs();
            RetentionSweeper.Swept pass;
            do {
                pass = sweeper(h, dir, 7, 10).sweepOnce(NOW);
                deletedRuns += pass.runs();
                deletedJobs += pass.jobs();
                assertThat(pass.runs()).isLessThanOrEqualTo(70);
                passes++;
            } while (pass.runs() > 0 && passes < 100);

            assertThat(deletedRuns).isEqualTo(runs);
            assertThat(deletedJobs).isEqualTo(131);
            assertThat(passes).isGreaterThanOrEqualTo((int) (runs / 70));
            assertThat(h.total("jobs")).isEqualTo(1);
            assertThat(h.jobExists(kept)).isTrue();
            assertThat(h.total("task_results")).isEqualTo(2);

            // With the default pacing (500 runs a transaction) the same history goes in one pass.
            for (int i = 0; i < 3; i++) {
                String job = h.job(t, daysAgo(40));
                for (int r = 0; r < 400; r++) {
                    h.run(t, job, "succeeded", daysAgo(40), daysAgo(40), 0, null);
                }
            }
            RetentionSweeper.Swept big = sweeper(h, dir, 500, 1000).sweepOnce(NOW);
            assertThat(big.jobs()).isEqualTo(3);
            assertThat(big.runs()).isEqualTo(1200);
            assertThat(big.batches()).isGreaterThanOrEqualTo(3);
        }
    }
}
