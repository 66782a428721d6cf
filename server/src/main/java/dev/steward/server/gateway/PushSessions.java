package dev.steward.server.gateway;

import dev.steward.protocol.ServerBatch;
import dev.steward.protocol.ServerMessage;
import dev.steward.server.fleet.ConnectionDirectory;
import dev.steward.server.fleet.ConnectionInfo;
import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.fleet.SettingsListener;
import dev.steward.server.job.WorkListener;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent connections held by this node, by agent. New work is pushed the moment it exists
 * (on a virtual thread per agent, so one slow agent delays no one); an agent reconnecting replaces its
 * older connection.
 */
public final class PushSessions implements ConnectionDirectory, WorkListener, SettingsListener, AutoCloseable {
    /** Close code for connections ended on purpose (admin disconnect, revocation, replacement). */
    static final int CLOSE_ENDED_BY_SERVER = 4000;
    private static final Logger LOG = LoggerFactory.getLogger(PushSessions.class);

    private final Map<String, PushConnection> byAgent = new ConcurrentHashMap<>();
    private final ExecutorService pushes = Executors.newVirtualThreadPerTaskExecutor();
    /** Pushes in flight at once: each needs datastore connections, and a fan-out must not starve the pool. */
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(8);
    private final AgentRegistry registry;
    private volatile Function<String, List<ServerMessage>> pending = agentId -> List.of();
    private volatile java.util.function.BiFunction<String, List<String>, Map<String, ServerMessage>> newRuns =
            (jobId, agentIds) -> Map.of();
    private volatile String node = "unknown";
    private volatile boolean stopping;

    /** How often the connections of agents revoked elsewhere (another node) are looked for. */
    static final java.time.Duration REVOCATION_SWEEP = java.time.Duration.ofSeconds(5);
    /** Overlap between sweeps, covering clock differences between nodes; closing twice is harmless. */
    private static final java.time.Duration SWEEP_OVERLAP = java.time.Duration.ofSeconds(60);

    private final java.util.concurrent.ScheduledExecutorService sweeper =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("revocation-sweep").factory());

    public PushSessions(AgentRegistry registry) {
        this.registry = registry;
    }

    /**
     * Starts closing, every {@link #REVOCATION_SWEEP}, the connections of agents revoked since the last
     * sweep. One query per sweep whatever the number of connections, instead of a check per message.
     */
    public void startRevocationSweep(java.time.Clock clock) {
        // "Since" follows the revocation times the datastore holds (written by whichever node revoked),
        // so clock differences between nodes cannot make a revocation fall between two sweeps.
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> since =
                new java.util.concurrent.atomic.AtomicReference<>(clock.instant().minus(SWEEP_OVERLAP));
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                java.time.Instant latest = since.get();
                for (AgentRegistry.Revocation revoked : registry.revokedSince(since.get())) {
                    disconnect(revoked.agentId(), "the agent was revoked");
                    latest = revoked.at().isAfter(latest) ? revoked.at() : latest;
                }
                java.time.Instant next = latest.minus(SWEEP_OVERLAP);
                if (next.isAfter(since.get())) {
                    since.set(next);
                }
            } catch (RuntimeException e) {
                LOG.warn("revocation sweep failed; retrying in {}", REVOCATION_SWEEP, e);
            }
        }, REVOCATION_SWEEP.toMillis(), REVOCATION_SWEEP.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Where outstanding work comes from ({@link AgentGateway#pendingFor}); set once the gateway exists. */
    public void pendingFrom(Function<String, List<ServerMessage>> source) {
        this.pending = source;
    }

    /** Where the assignments of a new job come from ({@code AgentRunService#assignNewRuns}). */
    public void newRunsFrom(java.util.function.BiFunction<String, List<String>, Map<String, ServerMessage>> source) {
        this.newRuns = source;
    }

    /**
     * A new job: its runs for connected agents are read and marked offered in bulk, then each goes out
     * on its own connection. Agents not connected here get theirs at their next check-in.
     */
    @Override
    public void runsCreated(String jobId, Collection<String> agentIds) {
        List<String> connected = agentIds.stream().filter(byAgent::containsKey).toList();
        if (connected.isEmpty()) {
            return;
        }
        Map<String, ServerMessage> assignments;
        try {
            assignments = newRuns.apply(jobId, connected);
        } catch (RuntimeException e) {
            // The job exists: never fail its creation for a push. Each agent gets its work the slow way.
            LOG.warn("could not offer job {} in bulk; pushing per agent instead", jobId, e);
            workChanged(connected);
            return;
        }
        assignments.forEach((agentId, assignment) -> {
            PushConnection connection = byAgent.get(agentId);
            if (connection != null) {
                submit(() -> bounded(connection, () -> connection.send(new ServerBatch(List.of(assignment)))));
            }
        });
    }

    /** Runs a push; after close() there is none to run (the agent catches up at its next check-in). */
    private void submit(Runnable push) {
        try {
            pushes.submit(push);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("server stopping; push skipped");
        }
    }

    /** Sends the new settings to each connected agent; polling agents get them at their next check-in. */
    @Override
    public void settingsChanged(Collection<String> agentIds) {
        for (String agentId : agentIds) {
            PushConnection connection = byAgent.get(agentId);
            if (connection != null) {
                submit(() -> bounded(connection, () ->
                        connection.send(() -> new ServerBatch(List.of(registry.settings(agentId).message())))));
            }
        }
    }

    /** True once the server began to stop: batches are then answered 503 (the agent sends them again). */
    boolean stopping() {
        return stopping;
    }

    /** The name this node reports for its connections (host:port), known once the port is bound. */
    public void nodeName(String node) {
        this.node = node;
    }

    void register(PushConnection connection) {
        PushConnection previous = byAgent.put(connection.agent().id(), connection);
        if (previous != null && previous != connection) {
            previous.close(CLOSE_ENDED_BY_SERVER, "replaced by a newer connection of the same agent");
        }
        LOG.info("agent '{}' connected (push)", connection.agent().name());
    }

    void unregister(PushConnection connection) {
        if (byAgent.remove(connection.agent().id(), connection)) {
            LOG.info("agent '{}' disconnected (push)", connection.agent().name());
        }
    }

    /** Pushes whatever is now pending for each connected agent; agents that poll will ask by themselves. */
    @Override
    public void workChanged(Collection<String> agentIds) {
        for (String agentId : agentIds) {
            PushConnection connection = byAgent.get(agentId);
            if (connection != null) {
                submit(() -> bounded(connection, () -> push(connection)));
            }
        }
    }

    private void push(PushConnection connection) {
        List<ServerMessage> work = pending.apply(connection.agent().id());
        if (!work.isEmpty()) {
            connection.send(new ServerBatch(work));
        }
    }

    /**
     * Runs one push with bounded concurrency. If it fails, the connection is closed: the agent notices
     * at once, polls to catch up and reconnects, so nothing waits for an hour-long poll interval.
     */
    private void bounded(PushConnection connection, Runnable push) {
        try {
            inFlight.acquire();
            try {
                push.run();
            } finally {
                inFlight.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("could not push to agent '{}'; closing its connection so it catches up", connection.agent().name(), e);
            connection.close(1011, "server could not deliver; catch up and reconnect");
        }
    }

    @Override
    public Optional<ConnectionInfo> connection(String agentId) {
        PushConnection connection = byAgent.get(agentId);
        return Optional.ofNullable(connection).map(c -> new ConnectionInfo(c.connectedSince(), c.bytesSent(),
                c.bytesReceived(), node));
    }

    @Override
    public boolean disconnect(String agentId, String reason) {
        PushConnection connection = byAgent.remove(agentId);
        if (connection == null) {
            return false;
        }
        connection.close(CLOSE_ENDED_BY_SERVER, reason);
        return true;
    }

    @Override
    public void close() {
        stopping = true;
        sweeper.shutdownNow();
        pushes.shutdownNow();
    }
}
