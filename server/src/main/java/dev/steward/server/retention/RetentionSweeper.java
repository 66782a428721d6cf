package dev.steward.server.retention;

import dev.steward.server.resource.ResourceCollector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes old history in the background, on every node (each deletion repeats its conditions, so nodes
 * sweeping at once only find less to do): per tenant, jobs whose runs all finished before now minus the
 * tenant's retention, with their runs, task results and schedule fires; then resource content nothing
 * uses any more ({@link ResourceCollector}). Work is done in short transactions of at most
 * {@link Settings#runsPerBatch()} runs with a pause between them, so result ingestion is never held up
 * for long; a pass stops after {@link Settings#maxBatchesPerPass()} batches or {@link Settings#passBudget()}
 * and the next pass carries on.
 */
public final class RetentionSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);
    /** Old jobs read per query; their runs are then deleted in batches. */
    private static final int JOBS_PER_PAGE = 100;

    /**
     * How the sweeper paces itself. {@code grace}: how long content must have been unused before it is
     * deleted.
     */
    public record Settings(Duration interval, Duration firstDelay, int runsPerBatch, Duration pause, int maxBatchesPerPass,
            Duration passBudget, Duration grace) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(10), Duration.ofMinutes(2), 500,
                Duration.ofMillis(50), 1000, Duration.ofMinutes(5), Duration.ofHours(24));
    }

    /** What one pass deleted. */
    public record Swept(int jobs, int runs, int taskResults, int fires, int contentFiles, long contentBytes, int batches) {
        boolean any() {
            return jobs + runs + taskResults + fires + contentFiles > 0;
        }
    }

    private final RetentionStore store;
    private final ResourceCollector resources;
    private final Supplier<List<String>> tenantIds;
    private final Clock clock;
    private final Settings settings;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "steward-retention");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    public RetentionSweeper(RetentionStore store, ResourceCollector resources, Supplier<List<String>> tenantIds, Clock clock,
            Settings settings) {
        this.store = store;
        this.resources = resources;
        this.tenantIds = tenantIds;
        this.clock = clock;
        this.settings = settings;
    }

    public void start() {
        timer.scheduleWithFixedDelay(() -> {
            try {
                sweepOnce(clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("retention pass failed; retrying in {}", settings.interval(), e);
            }
        }, settings.firstDelay().toMillis(), settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass as of {@code now}. */
    public Swept sweepOnce(Instant now) {
        long deadline = System.nanoTime() + settings.passBudget().toNanos();
        Map<String, Integer> own = store.allDays();
        Tally tally = new Tally();
        for (String tenant : tenantIds.get()) {
            if (!withinBudget(tally, deadline)) {
                break;
            }
            Instant cutoff = now.minus(Duration.ofDays(own.getOrDefault(tenant, RetentionService.DEFAULT_DAYS)));
            try {
                sweepJobs(tenant, cutoff, tally, deadline);
                sweepFires(tenant, cutoff, tally, deadline);
            } catch (RuntimeException e) {
                // One tenant's trouble (a lock timeout, say) must not hold up the others.
                LOG.warn("retention for tenant {} stopped early; the next pass carries on", tenant, e);
            }
        }
        ResourceCollector.Collected collected = closed ? new ResourceCollector.Collected(0, 0, 0)
                : resources.collect(now, settings.grace(), store::offeredToOpenRuns);
        Swept swept = new Swept(tally.jobs, tally.runs, tally.taskResults, tally.fires, collected.deleted(), collected.bytes(),
                tally.batches);
        if (swept.any()) {
            LOG.info("retention: deleted {} job(s), {} run(s), {} task result(s), {} schedule fire(s), {} content file(s) "
                    + "in {} batch(es)", swept.jobs(), swept.runs(), swept.taskResults(), swept.fires(), swept.contentFiles(),
                    swept.batches());
        }
        return swept;
    }

    private void sweepJobs(String tenant, Instant cutoff, Tally tally, long deadline) {
        RetentionStore.JobKey after = null;
        while (withinBudget(tally, deadline)) {
            List<RetentionStore.JobKey> page = store.oldFinishedJobs(tenant, cutoff, after, JOBS_PER_PAGE);
            if (page.isEmpty()) {
                return;
            }
            List<String> ids = page.stream().map(RetentionStore.JobKey::id).toList();
            RetentionStore.Deleted batch;
            do {
                batch = store.deleteBatch(ids, cutoff, settings.runsPerBatch());
                tally.add(batch);
                pause();
            } while (batch.runs() >= settings.runsPerBatch() && withinBudget(tally, deadline));
            after = page.getLast();
            if (page.size() < JOBS_PER_PAGE) {
                return;
            }
        }
    }

    private void sweepFires(String tenant, Instant cutoff, Tally tally, long deadline) {
        while (withinBudget(tally, deadline)) {
            int deleted = store.deleteOldFires(tenant, cutoff, settings.runsPerBatch());
            tally.fires += deleted;
            tally.batches++;
            if (deleted < settings.runsPerBatch()) {
                return;
            }
            pause();
        }
    }

    private boolean withinBudget(Tally tally, long deadline) {
        return !closed && tally.batches < settings.maxBatchesPerPass() && System.nanoTime() - deadline < 0;
    }

    private void pause() {
        if (settings.pause().isZero()) {
            return;
        }
        try {
            Thread.sleep(settings.pause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private static final class Tally {
        int jobs;
        int runs;
        int taskResults;
        int fires;
        int batches;

        void add(RetentionStore.Deleted deleted) {
            jobs += deleted.jobs();
            runs += deleted.runs();
            taskResults += deleted.taskResults();
            batches++;
        }
    }

    @Override
    public void close() {
        // A pass in progress stops at its next batch; interrupting it mid-statement is the last resort.
        closed = true;
        timer.shutdown();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
