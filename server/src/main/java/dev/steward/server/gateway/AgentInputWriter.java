package dev.steward.server.gateway;

import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.fleet.CheckInRow;
import dev.steward.server.http.ApiException;
import dev.steward.server.inventory.InventoryService;
import dev.steward.server.job.AgentRunService;
import dev.steward.server.store.Datastore;
import dev.steward.server.store.GroupCommitter;
import dev.steward.server.store.RedoJournal;
import dev.steward.server.store.Transactions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent input on its way to the datastore: the writes of many agents' batches (check-ins, contact, run
 * notices, results, inventory) are applied in group commits, and a batch is answered only after the
 * group that holds it committed, i.e. is on disk. When the queue in front of the writer is full, or the
 * commit takes longer than {@link #MAX_WAIT}, the agent is told to send the batch again later (503 with
 * Retry-After; the same error in a push reply): everything it sends is idempotent, so a batch stored but
 * not confirmed is simply recognised when it comes again.
 */
public final class AgentInputWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentInputWriter.class);
    /** How long a request waits for its group to commit before the agent is told to try again. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    static final int RETRY_AFTER_SECONDS = 5;

    /**
     * Defaults: at most 20,000 batches or about 64 M characters (of task output) wait; a group holds up
     * to {@link #MAX_GROUP} batches or 16 M characters; the writer waits at most the linger for more once it
     * has one. Groups grow with the load: what arrives while one commits forms the next.
     */
    public static GroupCommitter.Limits defaultLimits(Duration linger, Duration commitDelay) {
        return new GroupCommitter.Limits(20_000, 64L * 1024 * 1024, MAX_GROUP, 16L * 1024 * 1024, linger, commitDelay);
    }

    /**
     * Batches per group commit. A durable commit costs about the pages it dirtied, and a fan-out's results
     * land on the same few pages of {@code runs} but on one page per agent of the indexes keyed by agent,
     * so larger groups share more of them (measured: 500 per group capped a 10,000-agent fan-out at about
     * 350 ms per commit, 20 groups in a row).
     */
    static final int MAX_GROUP = 2_000;

    /** The redo journal's file in the data directory (embedded datastore only). Part of the datastore: back it up with it. */
    public static final String JOURNAL_FILE = "agent-input.redo";

    private final AgentRegistry registry;
    private final AgentRunService runs;
    private final InventoryService inventory;
    private final RedoJournal<AgentWrites> journal;
    private final GroupCommitter<AgentWrites, AgentRunService.Recorded> committer;

    /** Every group commit is forced by the datastore itself. */
    public AgentInputWriter(Transactions transactions, AgentRegistry registry, AgentRunService runs,
            InventoryService inventory, GroupCommitter.Limits limits) {
        this(transactions, registry, runs, inventory, limits, null);
    }

    private AgentInputWriter(Transactions transactions, AgentRegistry registry, AgentRunService runs,
            InventoryService inventory, GroupCommitter.Limits limits, RedoJournal<AgentWrites> journal) {
        this.registry = registry;
        this.runs = runs;
        this.inventory = inventory;
        this.journal = journal;
        if (journal != null) {
            replay(transactions, journal);
        }
        this.committer = new GroupCommitter<>("agent-input", transactions, this::apply, limits, journal);
    }

    /**
     * The writer for this datastore: on the embedded one, groups are made durable by a redo journal in
     * {@code dataDir} ({@link RedoJournal}: why, and what it costs), and what the journal holds from before
     * a crash is applied again before this returns, i.e. before any agent is served.
     */
    public static AgentInputWriter open(Datastore datastore, Path dataDir, AgentRegistry registry, AgentRunService runs,
            InventoryService inventory, GroupCommitter.Limits limits) {
        RedoJournal<AgentWrites> journal = RedoJournal.forDatastore(datastore, dataDir.resolve(JOURNAL_FILE),
                new AgentWritesCodec());
        return new AgentInputWriter(datastore.transactions(), registry, runs, inventory, limits, journal);
    }

    /**
     * Applies the groups journaled since the last checkpoint again (agent input is idempotent, so what H2
     * had kept is recognised), moves sequences on, and checkpoints. Each group's commit is forced here.
     */
    private void replay(Transactions transactions, RedoJournal<AgentWrites> journal) {
        List<List<AgentWrites>> groups = journal.recover();
        if (groups.isEmpty()) {
            return;
        }
        int batches = 0;
        int failed = 0;
        for (List<AgentWrites> group : groups) {
            batches += group.size();
            List<AgentRunService.Recorded> recorded;
            try {
                recorded = transactions.inTransaction(h -> apply(h, group));
            } catch (RuntimeException e) {
                // Applied once already without error: a failure now is a bug; keep the rest of the group.
                LOG.error("replaying a journaled group of {} agent batches failed; applying each alone", group.size(), e);
                recorded = new ArrayList<>();
                for (AgentWrites writes : group) {
                    try {
                        recorded.addAll(transactions.inTransaction(h -> apply(h, List.of(writes))));
                    } catch (RuntimeException alone) {
                        failed++;
                        LOG.error("a journaled batch of agent {} could not be applied again; dropped", writes.agentId(),
                                alone);
                    }
                }
            }
            recorded.forEach(runs::afterRecorded);
        }
        journal.checkpoint();
        LOG.info("redo journal: applied {} agent batches in {} groups again after an unclean stop ({} failed)", batches,
                groups.size(), failed);
    }

    /** Stores one batch's writes; returns once they are committed. */
    AgentRunService.Recorded store(AgentWrites writes) {
        CompletableFuture<AgentRunService.Recorded> stored;
        try {
            stored = committer.submit(writes, writes.weight());
        } catch (GroupCommitter.Overloaded e) {
            throw ApiException.retryLater("the server is busy (" + e.getMessage() + "); send this batch again later",
                    RETRY_AFTER_SECONDS);
        }
        try {
            return stored.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ApiException.retryLater("the datastore did not confirm this batch within " + MAX_WAIT.toSeconds()
                    + " s; send it again later (what was stored is recognised)", RETRY_AFTER_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.retryLater("interrupted while storing this batch; send it again", RETRY_AFTER_SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("storing an agent batch failed", e.getCause());
        }
    }

    public GroupCommitter.Stats stats() {
        return committer.stats();
    }

    private List<AgentRunService.Recorded> apply(Handle h, List<AgentWrites> group) {
        List<CheckInRow> checkIns = new ArrayList<>();
        Map<String, Instant> contacts = new LinkedHashMap<>();
        for (AgentWrites writes : group) {
            if (writes.checkIn() != null) {
                checkIns.add(writes.checkIn());
            } else if (writes.contact() != null) {
                contacts.put(writes.agentId(), writes.contact());
            }
        }
        registry.writeContacts(h, checkIns, contacts);
        List<AgentRunService.Recorded> recorded = runs.record(h, group.stream().map(AgentWrites::runs).toList());
        for (AgentWrites writes : group) {
            for (AgentWrites.InventoryReport report : writes.inventory()) {
                inventory.report(h, writes.tenantId(), writes.agentId(), report.requestId(), report.inventory());
            }
        }
        return recorded;
    }

    @Override
    public void close() {
        committer.close();
        if (journal != null) {
            journal.close();
        }
    }
}
