package dev.steward.server.gateway;

import dev.steward.protocol.ServerMessage;
import dev.steward.server.job.WorkListener;
import dev.steward.server.store.VersionedCache;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Agents known to have nothing outstanding, so that a check-in which finds nothing to do, the common case
 * by far, reads nothing: at 10,000 agents polling every second, two reads per check-in (open runs and an
 * inventory request) were a third of the server's work for a check-in.
 *
 * <p>Only "nothing" is remembered, and only until any work change: everything that gives an agent work (a
 * new job, a sequence's next step, a cancel, an inventory request) tells the {@link WorkListener} after its
 * commit ({@link VersionedCache} explains why a read racing that commit cannot hide it). Any change makes
 * every agent ask again once; changes are rare next to check-ins.
 *
 * <p>Work created on another node is not heard of here: {@link #REMEMBERED_FOR} bounds how late a polling
 * agent learns of it (and of anything a listener failed to report).
 */
public final class IdleAgents implements WorkListener {
    static final Duration REMEMBERED_FOR = Duration.ofSeconds(30);
    private static final long MAX_REMEMBERED = 200_000;

    private final VersionedCache<String, List<ServerMessage>> idle;

    public IdleAgents(Clock clock) {
        this.idle = new VersionedCache<>(clock, REMEMBERED_FOR, MAX_REMEMBERED);
    }

    /** What is outstanding for the agent (immutable): nothing if it is known to be idle, else {@code read}'s answer. */
    List<ServerMessage> pending(String agentId, Supplier<List<ServerMessage>> read) {
        return idle.get(agentId, id -> List.copyOf(read.get()), List::isEmpty);
    }

    @Override
    public void workChanged(Collection<String> agentIds) {
        idle.changed();
    }
}
