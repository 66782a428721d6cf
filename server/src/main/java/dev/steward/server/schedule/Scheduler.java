package dev.steward.server.schedule;

import dev.steward.server.http.ApiException;
import dev.steward.server.identity.Principal;
import dev.steward.server.identity.Role;
import dev.steward.server.job.JobService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due schedules, once a second, on every node. Each tick is claimed in the datastore first
 * ({@link ScheduleStore#claim}), so with several nodes a tick runs exactly once. After downtime the
 * ticks that passed are folded into one run, and the fire records how many were missed.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** A tick fired later than this after its time is recorded as late. */
    static final Duration LATE = Duration.ofSeconds(60);
    private static final int BATCH = 100;
    /** Walking more missed ticks than this (a per-second schedule after a long outage) jumps to the last. */
    private static final int MAX_WALKED_TICKS = 100_000;

    /** Starts the job of a fire, as the schedule's owner; returns the job id. */
    @FunctionalInterface
    public interface JobStarter {
        String start(Principal owner, JobService.RunRequest request);
    }

    /** The schedule's owner can no longer act (its token was revoked): the schedule is paused, not retried. */
    public static final class OwnerGone extends RuntimeException {
        public OwnerGone(String message) {
            super(message);
        }
    }

    private final ScheduleStore store;
    private final JobStarter jobs;
    private final Clock clock;
    private final String node;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "steward-scheduler");
        thread.setDaemon(true);
        return thread;
    });

    public Scheduler(ScheduleStore store, JobStarter jobs, Clock clock, String node) {
        this.store = store;
        this.jobs = jobs;
        this.clock = clock;
        this.node = node;
    }

    public void start() {
        timer.scheduleWithFixedDelay(() -> {
            try {
                runDue(clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("scheduler pass failed; retrying in a second", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** Fires every schedule due at {@code now}; returns how many ticks this node claimed. */
    public int runDue(Instant now) {
        int fired = 0;
        for (Schedule schedule : store.due(now, BATCH)) {
            try {
                fired += fire(schedule, now) ? 1 : 0;
            } catch (RuntimeException e) {
                // One schedule's trouble (a lock timeout, say) must not hold up the others behind it.
                LOG.warn("schedule {} could not be fired now; retrying on the next pass", schedule.name(), e);
            }
        }
        return fired;
    }

    private boolean fire(Schedule s, Instant now) {
        Instant tick = s.nextFireAt();
        int ticks = 1;
        Instant next = null;
        if (s.cron() != null) {
            CronTiming timing = CronTiming.parse(s.cron(), s.timeZone());
            CronTiming.Due due = timing.due(s.nextFireAt(), now, MAX_WALKED_TICKS);
            tick = due.latest();
            ticks = due.count();
            next = timing.next(now).orElse(null);
        }
        String note = null;
        if (ticks > 1) {
            note = (ticks - 1) + " earlier tick(s) from " + s.nextFireAt() + " were missed (server down or busy); ran once, for "
                    + tick + ", at " + now;
        } else if (Duration.between(tick, now).compareTo(LATE) > 0) {
            note = "ran late: due at " + tick + ", run at " + now;
        }
        if (!store.claim(s, tick, next, now, node, ticks - 1, note)) {
            return false;
        }
        Principal owner = new Principal(s.createdBy(), s.tenantId(), Role.valueOf(s.createdRole()));
        try {
            String jobId = jobs.start(owner, ScheduleService.decode(s.request()));
            store.recordJob(s.id(), tick, jobId, null);
            LOG.info("schedule {} fired for {}: job {}{}", s.name(), tick, jobId, note == null ? "" : " (" + note + ")");
        } catch (OwnerGone e) {
            store.recordJob(s.id(), tick, null, clip((note == null ? "" : note + "; ") + "not run: " + e.getMessage()
                    + "; the schedule was paused"));
            store.setPaused(s.id(), true, next);
            LOG.warn("schedule {} paused: {}", s.name(), e.getMessage());
        } catch (ApiException e) {
            store.recordJob(s.id(), tick, null, clip((note == null ? "" : note + "; ") + "not run: " + e.getMessage()));
            LOG.warn("schedule {} fired for {} but its job could not start: {}", s.name(), tick, e.getMessage());
        } catch (RuntimeException e) {
            // The tick stays claimed (exactly once); the fire says why it has no job.
            store.recordJob(s.id(), tick, null, clip((note == null ? "" : note + "; ") + "not run: internal error " + e));
            LOG.error("schedule {} fired for {} but creating its job failed", s.name(), tick, e);
        }
        return true;
    }

    /** Notes are stored in 2048 characters. */
    private static String clip(String note) {
        return note.length() <= 2000 ? note : note.substring(0, 2000) + "…";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
