package dev.steward.server.gateway;

import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.fleet.CheckInRow;
import dev.steward.server.http.ApiException;
import dev.steward.server.inventory.InventoryService;
import dev.steward.server.job.AgentRunService;
import dev.steward.server.store.GroupCommitter;
import dev.steward.server.store.Transactions;
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

/**
 * Agent input on its way to the datastore: the writes of many agents' batches (check-ins, contact, run
 * notices, results, inventory) are applied in group commits, and a batch is answered only after the
 * group that holds it committed, i.e. is on disk. When the queue in front of the writer is full, or the
 * commit takes longer than {@link #MAX_WAIT}, the agent is told to send the batch again later (503 with
 * Retry-After; the same error in a push reply): everything it sends is idempotent, so a batch stored but
 * not confirmed is simply recognised when it comes again.
 */
public final class AgentInputWriter implements AutoCloseable {
    /** How long a request waits for its group to commit before the agent is told to try again. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    static final int RETRY_AFTER_SECONDS = 5;

    /**
     * Defaults: at most 20,000 batches or about 64 M characters (of task output) wait; a group holds up
     * to 500 batches or 8 M characters; the writer waits at most 2 ms for more once it has one.
     */
    public static GroupCommitter.Limits defaultLimits(Duration linger, Duration commitDelay) {
        return new GroupCommitter.Limits(20_000, 64L * 1024 * 1024, 500, 8L * 1024 * 1024, linger, commitDelay);
    }

    private final AgentRegistry registry;
    private final AgentRunService runs;
    private final InventoryService inventory;
    private final GroupCommitter<AgentWrites, AgentRunService.Recorded> committer;

    public AgentInputWriter(Transactions transactions, AgentRegistry registry, AgentRunService runs,
            InventoryService inventory, GroupCommitter.Limits limits) {
        this.registry = registry;
        this.runs = runs;
        this.inventory = inventory;
        this.committer = new GroupCommitter<>("agent-input", transactions, this::apply, limits);
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
                contacts.put(writes.agent().id(), writes.contact());
            }
        }
        registry.writeContacts(h, checkIns, contacts);
        List<AgentRunService.Recorded> recorded = runs.record(h, group.stream().map(AgentWrites::runs).toList());
        for (AgentWrites writes : group) {
            for (AgentWrites.InventoryReport report : writes.inventory()) {
                inventory.report(h, writes.agent(), report.requestId(), report.inventory());
            }
        }
        return recorded;
    }

    @Override
    public void close() {
        committer.close();
    }
}
