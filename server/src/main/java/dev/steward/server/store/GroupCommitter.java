package dev.steward.server.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies writes submitted by many requests in few transactions: one writer thread takes whatever is
 * queued (up to {@link Limits#maxGroup} writes, waiting at most {@link Limits#linger} for more), applies it
 * in one transaction and completes every write's future only after the group is on disk: forced by the
 * commit itself ({@link DurableCommits}; PostgreSQL's own), or, with a {@link RedoJournal}, committed unforced
 * and appended to the journal, which is forced. One commit and one fsync serve a whole group, and the
 * applier sees the group at once, so it can use multi-row statements.
 *
 * <p>A write that fails must not take its neighbours down with it: when a group's transaction fails, each
 * of its writes is applied again alone, in its own transaction, so only the faulty one completes with
 * the error (exactly as if it had been the only request). The applier must therefore keep no state outside
 * the transaction.
 *
 * <p>Bounded: at most {@link Limits#maxQueued} writes of at most {@link Limits#maxQueuedWeight} in total
 * wait; beyond that {@link #submit} refuses at once with {@link Overloaded}, which the caller turns into
 * "retry later" (503 and Retry-After, or the push equivalent), instead of parking ever more threads.
 *
 * @param <W> one request's writes
 * @param <R> what the applier reports back for each
 */
public final class GroupCommitter<W, R> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    /** Applies a group of writes within the caller's transaction; returns one result per write, in order. */
    public interface Applier<W, R> {
        List<R> apply(Handle handle, List<W> writes);
    }

    /**
     * @param maxQueued writes waiting at most
     * @param maxQueuedWeight their total weight at most (the caller's measure of memory, e.g. characters)
     * @param maxGroup writes per transaction at most
     * @param maxGroupWeight weight per transaction at most (a single heavier write still forms a group alone)
     * @param linger how long the writer waits for more writes once it has one (0: take what is queued)
     * @param commitDelay added before every commit; for benchmarks that simulate a slow datastore, else zero
     */
    public record Limits(int maxQueued, long maxQueuedWeight, int maxGroup, long maxGroupWeight, Duration linger,
            Duration commitDelay) {
        public Limits {
            if (maxQueued < 1 || maxGroup < 1 || maxQueuedWeight < 1 || maxGroupWeight < 1) {
                throw new IllegalArgumentException("group commit limits must be positive");
            }
        }
    }

    /** The queue is full (or the writer is stopping): the caller should be told to try again later. */
    public static final class Overloaded extends RuntimeException {
        Overloaded(String message) {
            super(message, null, false, false);
        }
    }

    /** Counters since start, for health, logs and benchmarks. */
    public record Stats(long groups, long writes, long isolatedRetries, long refused, int queued, int maxQueued,
            int largestGroup, long commitMillis) {
    }

    private record Pending<W, R>(W write, long weight, CompletableFuture<R> result) {
    }

    private final String name;
    private final Transactions transactions;
    private final Applier<W, R> applier;
    private final Limits limits;
    /** Null: every commit is forced by the datastore. */
    private final RedoJournal<W> journal;
    private final BlockingQueue<Pending<W, R>> queue;
    private final AtomicLong queuedWeight = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;

    private final AtomicLong groups = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong isolated = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicInteger maxQueuedSeen = new AtomicInteger();
    private final AtomicInteger largestGroup = new AtomicInteger();
    private final AtomicLong commitNanos = new AtomicLong();

    public GroupCommitter(String name, Transactions transactions, Applier<W, R> applier, Limits limits) {
        this(name, transactions, applier, limits, null);
    }

    /**
     * @param journal where groups are made durable (null: by forcing each commit); recovered by the caller
     *                before this starts, checkpointed by the writer from now on, and at close
     */
    public GroupCommitter(String name, Transactions transactions, Applier<W, R> applier, Limits limits,
            RedoJournal<W> journal) {
        this.name = name;
        this.journal = journal;
        this.transactions = transactions;
        this.applier = applier;
        this.limits = limits;
        this.queue = new ArrayBlockingQueue<>(limits.maxQueued());
        this.writer = Thread.ofPlatform().name("steward-" + name + "-writer").daemon(true).unstarted(this::loop);
        writer.start();
    }

    /**
     * Queues a write; the future completes once it is committed (or with the error that refused it).
     *
     * @throws Overloaded at once, without queueing, when the queue is full or the writer is stopping
     */
    public CompletableFuture<R> submit(W write, long weight) {
        if (!running) {
            refused.incrementAndGet();
            throw new Overloaded("the server is shutting down");
        }
        long total = queuedWeight.addAndGet(weight);
        if (total > limits.maxQueuedWeight() && total != weight) {
            queuedWeight.addAndGet(-weight);
            refused.incrementAndGet();
            throw new Overloaded(name + " queue is full (" + queue.size() + " writes waiting)");
        }
        Pending<W, R> pending = new Pending<>(write, weight, new CompletableFuture<>());
        if (!queue.offer(pending)) {
            queuedWeight.addAndGet(-weight);
            refused.incrementAndGet();
            throw new Overloaded(name + " queue is full (" + limits.maxQueued() + " writes waiting)");
        }
        maxQueuedSeen.accumulateAndGet(queue.size(), Math::max);
        return pending.result();
    }

    public Stats stats() {
        return new Stats(groups.get(), writes.get(), isolated.get(), refused.get(), queue.size(), maxQueuedSeen.get(),
                largestGroup.get(), commitNanos.get() / 1_000_000);
    }

    private void loop() {
        List<Pending<W, R>> group = new ArrayList<>();
        long reported = 0;
        long nextReport = System.nanoTime();
        while (running || !queue.isEmpty()) {
            if (System.nanoTime() - nextReport > 0 && writes.get() != reported) {
                // At most every 10 s, and only when there was work: how the queue behaved, for operators and benchmarks.
                reported = writes.get();
                nextReport = System.nanoTime() + 10_000_000_000L;
                Stats now = stats();
                LOG.info("{}: {} writes in {} groups so far (largest {}, {} ms committing), queue now {} (max {}), "
                        + "refused {}, re-applied alone {}", name, now.writes(), now.groups(), now.largestGroup(),
                        now.commitMillis(), now.queued(), now.maxQueued(), now.refused(), now.isolatedRetries());
            }
            try {
                checkpointIfDue();
                Pending<W, R> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                collect(first, group);
                commit(group);
            } catch (InterruptedException e) {
                if (!running) {
                    continue; // drain what is left, then stop
                }
            } catch (RuntimeException | Error e) {
                // Never leave a caller waiting for an answer that will not come.
                LOG.error("{} writer failed; {} write(s) answered with the error", name, group.size(), e);
                group.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
        if (journal != null) {
            try {
                journal.checkpoint(); // a clean stop leaves an empty journal
            } catch (RuntimeException e) {
                LOG.warn("{}: the final checkpoint failed; the journal is replayed at the next start", name, e);
            }
        }
    }

    private void checkpointIfDue() {
        if (journal == null) {
            return;
        }
        try {
            journal.checkpointIfDue();
        } catch (RuntimeException e) {
            // Nothing is lost: the journal keeps growing and is replayed after a crash. Try again next time.
            LOG.warn("{}: checkpoint failed ({}); will retry", name, e.toString());
        }
    }

    /** Applies and commits writes in one transaction; durable on return (forced, or journaled). */
    private List<R> applyDurably(List<W> batch) {
        if (journal == null) {
            return transactions.inTransaction(h -> applier.apply(h, batch));
        }
        List<R> results = DurableCommits.unforced(() -> transactions.inTransaction(h -> applier.apply(h, batch)));
        journal.append(batch);
        return results;
    }

    private void collect(Pending<W, R> first, List<Pending<W, R>> group) throws InterruptedException {
        group.add(first);
        long weight = first.weight();
        long deadline = System.nanoTime() + limits.linger().toNanos();
        while (group.size() < limits.maxGroup() && weight < limits.maxGroupWeight()) {
            Pending<W, R> next = queue.peek();
            if (next == null) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0 || !running) {
                    break;
                }
                next = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
            } else if (weight + next.weight() > limits.maxGroupWeight()) {
                break;
            } else {
                next = queue.poll();
            }
            group.add(next);
            weight += next.weight();
        }
        queuedWeight.addAndGet(-weight);
    }

    private void commit(List<Pending<W, R>> group) {
        pauseForBenchmark();
        List<W> batch = group.stream().map(Pending::write).toList();
        List<R> results;
        long start = System.nanoTime();
        try {
            results = applyDurably(batch);
            commitNanos.addAndGet(System.nanoTime() - start);
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                group.getFirst().result().completeExceptionally(e);
                return;
            }
            LOG.warn("{}: a group of {} writes failed ({}); applying each alone", name, group.size(), e.toString());
            isolated.addAndGet(group.size());
            group.forEach(this::commitAlone);
            return;
        }
        groups.incrementAndGet();
        writes.addAndGet(group.size());
        largestGroup.accumulateAndGet(group.size(), Math::max);
        for (int i = 0; i < group.size(); i++) {
            group.get(i).result().complete(results.get(i));
        }
    }

    private void commitAlone(Pending<W, R> pending) {
        try {
            R result = applyDurably(List.of(pending.write())).getFirst();
            groups.incrementAndGet();
            writes.incrementAndGet();
            pending.result().complete(result);
        } catch (RuntimeException e) {
            pending.result().completeExceptionally(e);
        }
    }

    private void pauseForBenchmark() {
        if (!limits.commitDelay().isZero()) {
            try {
                Thread.sleep(limits.commitDelay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops taking writes, applies what is queued, and waits (bounded) for the writer to finish. */
    @Override
    public void close() {
        running = false;
        // No interrupt: H2 closes its file when a thread is interrupted during I/O. The writer notices
        // within its 200 ms poll.
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending<W, R> left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new Overloaded("the server is shutting down"));
        }
    }
}
