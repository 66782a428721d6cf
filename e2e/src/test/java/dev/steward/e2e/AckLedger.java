package dev.steward.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Every write the server acknowledged, with the crash cycle it happened in and when. Thread-safe. */
final class AckLedger {
    enum Kind {
        /** {@code POST /api/v1/modules} answered 201; key: the module name (each name is written once). */
        MODULE,
        /** {@code POST /api/v1/jobs} answered 201; key: the job id. */
        JOB,
        /** A check-in carrying {@code run_finished} answered 200; key: the run id. */
        RESULT
    }

    record Ack(Kind kind, String key, String jobId, int cycle, long atNanos) {
    }

    private final List<Ack> acks = new ArrayList<>();

    synchronized void add(Kind kind, String key, String jobId, int cycle) {
        acks.add(new Ack(kind, key, jobId, cycle, System.nanoTime()));
        notifyAll();
    }

    synchronized List<Ack> ofCycle(int cycle) {
        return acks.stream().filter(a -> a.cycle() == cycle).toList();
    }

    synchronized List<Ack> all() {
        return List.copyOf(acks);
    }

    synchronized long count(Kind kind) {
        return acks.stream().filter(a -> a.kind() == kind).count();
    }

    /** Waits until a write of this kind was acknowledged in this cycle; false if none within the timeout. */
    synchronized boolean await(Kind kind, int cycle, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acks.stream().noneMatch(a -> a.kind() == kind && a.cycle() == cycle)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
