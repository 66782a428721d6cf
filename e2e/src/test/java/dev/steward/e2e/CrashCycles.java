package dev.steward.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * SIGKILLs the server while writers keep writing, and starts it again on the same data directory. Time is
 * cut into cycles (from one start to the next kill); every write happens inside one cycle. A restart first
 * waits for the writes in flight to end (they fail: the server is gone), starts the server, and checks what
 * the ended cycle acknowledged before any writer goes on, so nothing sent after the restart can repair a
 * loss before it is seen.
 */
final class CrashCycles {
    /** One write attempt; it records its own acknowledgement, tagged with the cycle it is given. */
    interface Write {
        void attempt(int cycle) throws IOException;
    }

    /** The check of one ended cycle, run while writers wait; {@code killedAt} is the kill's {@link System#nanoTime}. */
    interface Check {
        void ended(int cycle, long killedAt);
    }

    private final Installation steward;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock(true);
    private final List<Duration> restarts = new ArrayList<>();
    private final List<Duration> checks = new ArrayList<>();
    private volatile int cycle;
    private final java.util.concurrent.atomic.AtomicInteger unanswered = new java.util.concurrent.atomic.AtomicInteger();
    private volatile String lastUnanswered = "none";

    CrashCycles(Installation steward) {
        this.steward = steward;
    }

    int cycle() {
        return cycle;
    }

    /**
     * Runs one write inside the current cycle. A write the server did not answer completely (it was killed
     * under it, or is still down) is simply not acknowledged; the caller pauses briefly and goes on.
     */
    boolean write(Write write) {
        gate.readLock().lock();
        try {
            write.attempt(cycle);
            return true;
        } catch (IOException e) {
            // No complete answer: not acknowledged, so nothing is expected of it.
            unanswered.incrementAndGet();
            lastUnanswered = e.toString();
        } finally {
            gate.readLock().unlock();
        }
        StewardProcess.sleep(20);
        return false;
    }

    /** SIGKILL now; then restart, check the cycle that ended, and let writers into the next one. */
    void killAndRestart(Check check) {
        steward.killServer();
        long killedAt = System.nanoTime();
        gate.writeLock().lock();
        try {
            long started = System.nanoTime();
            steward.startServer();
            restarts.add(Duration.ofNanos(System.nanoTime() - started));
            long checking = System.nanoTime();
            check.ended(cycle, killedAt);
            checks.add(Duration.ofNanos(System.nanoTime() - checking));
            cycle++;
        } finally {
            gate.writeLock().unlock();
        }
    }

    /** For a failure message: how many writes got no complete answer so far, and the last one's reason. */
    String unanswered() {
        return unanswered.get() + " writes unanswered so far, the last: " + lastUnanswered;
    }

    int kills() {
        return restarts.size();
    }

    /** Where the time went, for the summary: starts after a kill, and the checks after them. */
    String restartTimes() {
        if (restarts.isEmpty()) {
            return "no restarts";
        }
        return "start " + average(restarts) + " ms on average, " + restarts.stream().mapToLong(Duration::toMillis).max()
                .orElse(0) + " ms at most; check " + average(checks) + " ms on average";
    }

    private static long average(List<Duration> durations) {
        return (long) durations.stream().mapToLong(Duration::toMillis).average().orElse(0);
    }
}
