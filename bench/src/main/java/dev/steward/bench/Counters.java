package dev.steward.bench;

import java.util.concurrent.atomic.LongAdder;

/** What a simulator process has seen, printed once a second for the driver. */
final class Counters {
    final LongAdder attempts = new LongAdder();
    final LongAdder connects = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder drops = new LongAdder();
    final LongAdder checkIns = new LongAdder();
    final LongAdder assigned = new LongAdder();
    final LongAdder resultsStored = new LongAdder();
    final LongAdder refusals = new LongAdder();
    final LongAdder strayAcks = new LongAdder();
    final LongAdder inventoryRequests = new LongAdder();
    final LongAdder httpErrors = new LongAdder();
    final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();

    String line() {
        return "stat " + System.currentTimeMillis() + " open=" + open.get() + " attempts=" + attempts.sum()
                + " connects=" + connects.sum() + " failures=" + failures.sum() + " drops=" + drops.sum()
                + " checkins=" + checkIns.sum() + " assigned=" + assigned.sum() + " stored=" + resultsStored.sum()
                + " refusals=" + refusals.sum() + " http_errors=" + httpErrors.sum() + " stray_acks=" + strayAcks.sum();
    }
}
