package dev.steward.server.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a group commit durable on the embedded H2 datastore at the cost of one small sequential append
 * and fsync, instead of forcing H2's store.
 *
 * <p>Why: H2 (MVStore) copies every page a commit changed and writes each one out in full when the store
 * is forced. A fan-out's group of results changes one page per agent in the indexes keyed by agent, so
 * forcing H2 per group wrote and serialized megabytes per group (measured: about 1 s of CPU per group of
 * 2,000; BENCHMARKS.md). Here the writer commits the group to H2 without forcing it, appends the group's
 * writes to this journal and fsyncs that, and only then answers. H2 writes its pages on its own schedule;
 * every {@link #CHECKPOINT_EVERY} (or {@link #CHECKPOINT_BYTES} of journal) the writer forces H2 once and
 * empties the journal, so a page changed by a hundred groups is written once.
 *
 * <p>After a crash, {@link #recover} returns the groups written since the last checkpoint; the owner
 * applies them again before it serves anyone. That is safe because agent input is idempotent (a result
 * for a closed run, a notice for a run that moved on, a check-in already written change nothing), so a
 * group that H2 had in fact kept is simply recognised. A group whose append did not complete was never
 * answered; its agents send it again.
 *
 * @param <W> one write of the group (one agent batch)
 */
public final class RedoJournal<W> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedoJournal.class);
    static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(2);
    static final long CHECKPOINT_BYTES = 64L * 1024 * 1024;

    /** Turns a group into bytes and back; the format must stay readable by the next release (a log survives upgrades). */
    public interface Codec<W> {
        byte[] encode(List<W> group);

        List<W> decode(byte[] record);
    }

    private final CommitLog log;
    private final Codec<W> codec;
    private final Datastore datastore;
    private long lastCheckpoint = System.nanoTime();
    private long appends;
    private long checkpoints;

    private RedoJournal(CommitLog log, Codec<W> codec, Datastore datastore) {
        this.log = log;
        this.codec = codec;
        this.datastore = datastore;
    }

    /** The journal in {@code file} for this datastore, or null where its commits are cheap to force (PostgreSQL, SQLite). */
    public static <W> RedoJournal<W> forDatastore(Datastore datastore, Path file, Codec<W> codec) {
        return !datastore.isH2() ? null : new RedoJournal<>(CommitLog.open(file), codec, datastore);
    }

    /** The groups journaled since the last checkpoint, oldest first. Call once, before the first append. */
    public List<List<W>> recover() {
        List<List<W>> groups = new ArrayList<>();
        for (byte[] record : log.recover()) {
            groups.add(codec.decode(record));
        }
        return groups;
    }

    /** Records a group that committed (unforced) in the datastore; durable when this returns. */
    void append(List<W> group) {
        log.append(codec.encode(group));
        appends++;
    }

    /** Between groups, on the writer's thread: a checkpoint when the journal is old or large enough. */
    void checkpointIfDue() {
        if (log.size() > 0 && (log.size() >= CHECKPOINT_BYTES
                || System.nanoTime() - lastCheckpoint >= CHECKPOINT_EVERY.toNanos())) {
            checkpoint();
        }
    }

    /**
     * Forces the datastore, then empties the journal: everything journaled so far is now in the datastore's
     * file. Called by the writer only (no group can commit in between), and by the owner after recovery.
     */
    public void checkpoint() {
        datastore.forceToDisk();
        log.reset();
        lastCheckpoint = System.nanoTime();
        checkpoints++;
        LOG.debug("redo journal checkpoint {} after {} appends", checkpoints, appends);
    }

    @Override
    public void close() {
        log.close();
    }
}
