package dev.steward.server.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.steward.server.job.WorkListener;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Agents known to have nothing outstanding, so that a check-in which finds nothing to do, the common case
 * by far, reads nothing: at 10,000 agents polling every second, two reads per check-in (open runs and an
 * inventory request) were a third of the server's work for a check-in.
 *
 * <p>Each "nothing" is remembered with the {@link #changes} count read before the datastore was asked, and
 * counts only while that count is unchanged. Everything that gives an agent work (a new job, a sequence's
 * next step, a cancel, an inventory request) tells the {@link WorkListener} after its commit and so bumps
 * the count: a reader that asked before the commit holds an older count, and one that asked after saw the
 * work. Any change makes every agent ask again once; changes are rare next to check-ins.
 *
 * <p>Work created on another node is not heard of here: {@link #REMEMBERED_FOR} bounds how late a polling
 * agent learns of it (and of anything a listener failed to report).
 */
public final class IdleAgents implements WorkListener {
    static final Duration REMEMBERED_FOR = Duration.ofSeconds(30);
    private static final long MAX_REMEMBERED = 200_000;

    private final AtomicLong changes = new AtomicLong();
    private final Cache<String, Long> idleAt;

    public IdleAgents(Clock clock) {
        this.idleAt = Caffeine.newBuilder()
                .maximumSize(MAX_REMEMBERED)
                .expireAfterWrite(REMEMBERED_FOR)
                .ticker(() -> clock.millis() * 1_000_000L)
                .build();
    }

    /** What is outstanding for the agent: nothing if it is known to be idle, else {@code read}'s answer. */
    <T extends Collection<?>> T pending(String agentId, Supplier<T> read, T nothing) {
        long now = changes.get();
        Long idleSince = idleAt.getIfPresent(agentId);
        if (idleSince != null && idleSince == now) {
            return nothing;
        }
        T found = read.get();
        if (found.isEmpty()) {
            idleAt.put(agentId, now);
        } else {
            idleAt.invalidate(agentId);
        }
        return found;
    }

    @Override
    public void workChanged(Collection<String> agentIds) {
        changes.incrementAndGet();
    }
}
