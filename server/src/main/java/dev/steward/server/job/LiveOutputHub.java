package dev.steward.server.job;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Fans live output out to the people following a job on this node. A short backlog per recent job
 * lets a follower who subscribes just after creating the job (a push agent may already be printing)
 * see the start. Everything is bounded: a slow follower loses pieces, old jobs fall out of the backlog.
 * The stored run result, not this, is the record.
 */
public final class LiveOutputHub {
    private static final int QUEUE_CAPACITY = 10_000;
    /** What one follower may have waiting; beyond it, pieces are dropped (the result keeps everything). */
    private static final int QUEUE_CHARS = 4 * 1024 * 1024;
    private static final int BACKLOG_CHARS_PER_JOB = 64 * 1024;
    private static final int BACKLOG_JOBS = 256;

    private final Map<String, Set<Subscription>> followers = new java.util.HashMap<>();
    private final LinkedHashMap<String, Backlog> backlogs = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Backlog> eldest) {
            return size() > BACKLOG_JOBS;
        }
    };

    private static final class Backlog {
        private final Deque<OutputLine> lines = new ArrayDeque<>();
        private int chars;

        void add(OutputLine line) {
            lines.addLast(line);
            chars += line.text().length();
            while (chars > BACKLOG_CHARS_PER_JOB && lines.size() > 1) {
                chars -= lines.removeFirst().text().length();
            }
        }
    }

    /** One follower's queue; close it when done. */
    public final class Subscription implements AutoCloseable {
        private final String jobId;
        private final BlockingQueue<OutputLine> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        private final java.util.concurrent.atomic.AtomicLong queuedChars = new java.util.concurrent.atomic.AtomicLong();

        private Subscription(String jobId) {
            this.jobId = jobId;
        }

        public OutputLine next(long timeoutMillis) throws InterruptedException {
            OutputLine line = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            if (line != null) {
                queuedChars.addAndGet(-line.text().length());
            }
            return line;
        }

        private void offer(OutputLine line) {
            if (queuedChars.get() + line.text().length() <= QUEUE_CHARS && queue.offer(line)) {
                queuedChars.addAndGet(line.text().length());
            }
        }

        @Override
        public void close() {
            synchronized (LiveOutputHub.this) {
                Set<Subscription> subscribers = followers.get(jobId);
                if (subscribers != null && subscribers.remove(this) && subscribers.isEmpty()) {
                    followers.remove(jobId);
                }
            }
        }
    }

    synchronized Subscription subscribe(String jobId) {
        Subscription subscription = new Subscription(jobId);
        Backlog backlog = backlogs.get(jobId);
        if (backlog != null) {
            backlog.lines.forEach(subscription::offer);
        }
        followers.computeIfAbsent(jobId, id -> new HashSet<>()).add(subscription);
        return subscription;
    }

    synchronized void publish(String jobId, OutputLine line) {
        backlogs.computeIfAbsent(jobId, id -> new Backlog()).add(line);
        for (Subscription subscription : followers.getOrDefault(jobId, Set.of())) {
            subscription.offer(line);
        }
    }
}
