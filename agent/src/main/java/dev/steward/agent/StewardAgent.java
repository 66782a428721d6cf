package dev.steward.agent;

import dev.steward.agent.exec.CancellationToken;
import dev.steward.agent.exec.ModuleRunner;
import dev.steward.agent.identity.AgentIdentity;
import dev.steward.agent.identity.Enroller;
import dev.steward.agent.identity.Host;
import dev.steward.agent.identity.StateFiles;
import dev.steward.agent.inventory.InventoryCollector;
import dev.steward.agent.resource.ResourceCache;
import dev.steward.agent.resource.ServerResourceSource;
import dev.steward.agent.spool.ResultBudget;
import dev.steward.agent.spool.ResultSpool;
import dev.steward.agent.spool.RunJournal;
import dev.steward.agent.tls.AgentTls;
import dev.steward.agent.transport.HttpsTransport;
import dev.steward.agent.transport.PushChannel;
import dev.steward.agent.transport.PushRefusedException;
import dev.steward.agent.transport.ServerRejectedException;
import dev.steward.agent.transport.ServerUnreachableException;
import dev.steward.protocol.AgentBatch;
import dev.steward.protocol.AgentMessage;
import dev.steward.protocol.AgentPaths;
import dev.steward.protocol.DurationText;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.RunStatus;
import dev.steward.protocol.ServerBatch;
import dev.steward.protocol.ServerMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent. One loop thread talks to the server (check-in, outbox, spooled results, new work); runs
 * execute on their own threads and wake the loop when they start and finish, so a result is sent as soon
 * as it exists instead of at the next interval. In push mode the loop keeps a WebSocket open, over which
 * the server delivers work the moment it exists; whenever that is impossible it polls, and keeps retrying
 * push with exponential backoff and full jitter.
 */
public final class StewardAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StewardAgent.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);
    /** Runs executing at once; further assignments wait (reported as delivered) until a slot frees. */
    static final int MAX_CONCURRENT_RUNS = 4;
    /** Spooled results sent per exchange, by count and by bytes; the rest follow immediately after. */
    static final int MAX_RESULTS_PER_EXCHANGE = 50;
    static final long MAX_RESULT_BYTES_PER_EXCHANGE = ResultBudget.MAX_RESULT_BYTES;
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(15);
    /** Push heartbeat: a ping this often; a connection silent for {@link #PUSH_DEAD_AFTER} is dead. */
    static final Duration PUSH_HEARTBEAT = Duration.ofSeconds(30);
    static final Duration PUSH_DEAD_AFTER = Duration.ofSeconds(75);
    private static final Duration PUSH_RETRY_BASE = Duration.ofSeconds(1);
    private static final Duration PUSH_RETRY_CAP = Duration.ofMinutes(5);
    /** Live output is sent at most this often, and at most this much is held waiting. */
    static final Duration LIVE_OUTPUT_INTERVAL = Duration.ofMillis(200);
    static final int LIVE_OUTPUT_MAX_CHARS = 1024 * 1024;
    /** Inventory is reported at every start, on demand, and this often in between. */
    static final Duration INVENTORY_INTERVAL = Duration.ofHours(6);

    private final AgentConfig config;
    private final ResultSpool spool;
    private final RunJournal journal;
    private final ModuleRunner runner;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore runSlots = new Semaphore(MAX_CONCURRENT_RUNS);
    private final ConcurrentLinkedQueue<AgentMessage> outbox = new ConcurrentLinkedQueue<>();
    private final Map<String, CancellationToken> running = new ConcurrentHashMap<>();
    /** Runs the server asked to cancel, as opposed to runs stopped because the agent is stopping. */
    private final Set<String> cancelledByServer = ConcurrentHashMap.newKeySet();
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean stopped;
    private volatile HttpsTransport transport;
    private final LiveOutput live = new LiveOutput(LIVE_OUTPUT_MAX_CHARS);
    private Instant lastLiveFlush = Instant.EPOCH;
    // Loop-thread state (push is read by run threads to decide whether to stream).
    private volatile PushChannel push;
    private int pushFailures;
    private Instant nextPushAttempt = Instant.EPOCH;
    private Instant lastPing = Instant.EPOCH;
    private Instant nextCheckIn = Instant.EPOCH;
    private Instant nextInventory = Instant.EPOCH;
    /** Inventory requests already being answered (a small, bounded memory of recent ids). */
    private final Set<String> inventoryRequests = java.util.Collections.newSetFromMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 32;
                }
            });
    // What the agent applies: its command line, overridden by whatever the server holds for it.
    private volatile AgentMode mode;
    private volatile Duration pollInterval;
    private volatile String settingsHash;
    private String agentId;
    private Instant lastContact;
    private String lastError;

    public StewardAgent(AgentConfig config) {
        this.config = config;
        // Task output and the identity live here: readable by the agent's user only.
        StateFiles.createPrivateDirectory(config.stateDir());
        this.spool = new ResultSpool(config.stateDir());
        this.journal = new RunJournal(config.stateDir());
        Path work = config.stateDir().resolve("work");
        StateFiles.createPrivateDirectory(work);
        // Resources are fetched over plain HTTPS in push mode too; the transport exists once run() has an identity.
        ResourceCache resources = new ResourceCache(config.stateDir(), new ServerResourceSource(() -> transport));
        this.runner = new ModuleRunner(work, resources);
        this.mode = config.mode();
        this.pollInterval = config.pollInterval();
        ServerSettings.load(config.stateDir()).ifPresent(this::apply);
    }

    /** Loads the identity from the state directory, enrolling first if there is none. */
    public AgentIdentity identity() throws IOException {
        if (AgentIdentity.exists(config.stateDir())) {
            return AgentIdentity.load(config.stateDir(), config.caFingerprint());
        }
        AgentIdentity identity = Enroller.enroll(config.server(), config.enrollToken(), config.caFingerprint(),
                config.name(), config.proxy());
        identity.save(config.stateDir());
        LOG.info("enrolled as '{}' (agent id {})", config.name(), identity.agentId());
        return identity;
    }

    /** Runs until {@link #close()} or until the server refuses this agent's identity. */
    public void run() throws IOException {
        AgentIdentity identity = identity();
        agentId = identity.agentId();
        transport = new HttpsTransport(config.server(), AgentTls.forIdentity(identity), config.proxy());
        recoverInterruptedRuns();
        journal.prune(Instant.now());
        LOG.info("{} mode, server {}, check-in every {}", mode.wireName(), config.server(),
                DurationText.format(pollInterval));
        int failures = 0;
        while (!stopped) {
            try {
                managePush();
                if (!Instant.now().isBefore(nextInventory)) {
                    nextInventory = Instant.now().plus(INVENTORY_INTERVAL);
                    collectInventory(null);
                }
                if (exchangeDue()) {
                    boolean moreToSend = exchange();
                    failures = 0;
                    lastContact = Instant.now();
                    lastError = null;
                    writeStatus();
                    if (moreToSend) {
                        continue;
                    }
                }
                sleep(untilNextEvent());
            } catch (ServerUnreachableException e) {
                failures++;
                Duration delay = retryDelay(failures);
                LOG.warn("{} (retrying in {} ms; {} result(s) kept in the spool)", e.getMessage(), delay.toMillis(),
                        spool.size());
                lastError = e.getMessage();
                writeStatus();
                sleep(delay);
            } catch (ServerRejectedException e) {
                if (e.status() == 401 || e.status() == 403) {
                    throw new AgentRefusedException("the server refuses this agent: " + e.getMessage());
                }
                failures++;
                LOG.error("the server rejected an exchange: {}; sending spooled results one at a time", e.getMessage());
                isolateRejectedResults();
                sleep(retryDelay(failures));
            } catch (RuntimeException e) {
                // Disk full, a corrupt state file, a bug: keep the agent alive and try again later.
                failures++;
                Duration delay = retryDelay(failures);
                LOG.error("exchange failed (retrying in {} ms)", delay.toMillis(), e);
                sleep(delay);
            }
        }
    }

    /** The server no longer accepts this agent's identity (revoked or unknown); polling on would be pointless. */
    public static final class AgentRefusedException extends RuntimeException {
        public AgentRefusedException(String message) {
            super(message);
        }
    }

    /**
     * Keeps the push connection in push mode: opens it when due, hands over what the server pushed,
     * heartbeats it, and drops it (falling back to polling) when it closed or went silent.
     */
    private void managePush() {
        if (mode != AgentMode.PUSH) {
            if (push != null) {
                push.close();
                push = null;
                LOG.info("push connection closed: the server set this agent to poll mode");
            }
            return;
        }
        Instant now = Instant.now();
        if (push != null) {
            for (ServerBatch pushed; (pushed = push.nextPushed()) != null; ) {
                pushed.messages().forEach(this::handle);
            }
            if (push.isOpen() && Duration.between(push.lastHeard(), now).compareTo(PUSH_DEAD_AFTER) > 0) {
                LOG.warn("push connection silent for {}; closing it", DurationText.format(PUSH_DEAD_AFTER));
                push.close();
            }
            if (!push.isOpen()) {
                Duration wait = randomUpTo(config.reconnectWindow());
                LOG.warn("push connection lost ({}); polling, reconnecting in {} ms", push.closeReason(), wait.toMillis());
                push = null;
                nextPushAttempt = now.plus(wait);
                // Catch up on anything sent while the connection went down, spread like the reconnect
                // so that thousands of agents dropped at once do not all poll at once.
                Instant catchUp = now.plus(randomUpTo(config.reconnectWindow()));
                nextCheckIn = catchUp.isBefore(nextCheckIn) ? catchUp : nextCheckIn;
            } else if (!now.isBefore(lastPing.plus(PUSH_HEARTBEAT))) {
                push.ping();
                lastPing = now;
            }
        }
        if (push == null && !now.isBefore(nextPushAttempt)) {
            try {
                push = PushChannel.open(transport, wakeUp::release);
                pushFailures = 0;
                lastPing = now;
                nextCheckIn = now; // say hello over the new channel and collect pending work
                LOG.info("push connection open to {}", config.server());
            } catch (PushRefusedException e) {
                // Refused (push disabled, a proxy blocking upgrades): back off exponentially.
                pushFailures++;
                Duration wait = randomUpTo(backoff(pushFailures));
                nextPushAttempt = now.plus(wait);
                LOG.warn("push unavailable: {}; polling, next push attempt in {} ms", e.getMessage(), wait.toMillis());
            } catch (ServerUnreachableException e) {
                // Unreachable (e.g. restarting): try again within the reconnect window, spread out.
                Duration wait = randomUpTo(config.reconnectWindow());
                nextPushAttempt = now.plus(wait);
                LOG.warn("push unavailable: {}; polling, next push attempt in {} ms", e.getMessage(), wait.toMillis());
            }
        }
    }

    /** Best effort: the status file is for people, never a reason to stop working. */
    private void writeStatus() {
        try {
            PushChannel channel = push;
            boolean persistent = channel != null && channel.isOpen();
            new AgentStatus(agentId, config.name(), config.server().toString(), mode.wireName(),
                    persistent ? "persistent" : "poll", persistent ? channel.connectedAt() : null,
                    transport.tlsProtocol(), transport.tlsCipher(),
                    transport.bytesSent() + (channel == null ? 0 : channel.bytesSent()),
                    transport.bytesReceived() + (channel == null ? 0 : channel.bytesReceived()),
                    lastContact, lastError, spool.size(), pollInterval.toSeconds(), Instant.now())
                    .save(config.stateDir());
        } catch (RuntimeException e) {
            LOG.debug("could not write the status file", e);
        }
    }

    private boolean exchangeDue() {
        Instant now = Instant.now();
        return !now.isBefore(nextCheckIn) || !outbox.isEmpty() || spool.size() > 0
                || (!live.isEmpty() && !now.isBefore(lastLiveFlush.plus(LIVE_OUTPUT_INTERVAL)));
    }

    /** Streams output only over an open push connection: polling would turn each line into a request. */
    private void liveOutput(String runId, String task, String stream, String text) {
        PushChannel channel = push;
        if (channel != null && channel.isOpen() && live.add(runId, task, stream, text)) {
            wakeUp.release();
        }
    }

    private Duration untilNextEvent() {
        Instant next = nextCheckIn;
        if (!live.isEmpty()) {
            next = min(next, lastLiveFlush.plus(LIVE_OUTPUT_INTERVAL));
        }
        if (push != null) {
            next = min(next, lastPing.plus(PUSH_HEARTBEAT));
        } else if (mode == AgentMode.PUSH) {
            next = min(next, nextPushAttempt);
        }
        Duration wait = Duration.between(Instant.now(), next);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Exponential, capped: 1 s, 2 s, 4 s, ... 5 min. */
    private static Duration backoff(int failures) {
        long millis = PUSH_RETRY_BASE.toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, PUSH_RETRY_CAP.toMillis()));
    }

    /** Full jitter: uniformly anywhere between zero and the bound, so a crowd spreads out. */
    private static Duration randomUpTo(Duration bound) {
        return Duration.ofMillis(bound.toMillis() <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound.toMillis() + 1));
    }

    private ServerBatch send(AgentBatch batch) {
        if (push != null && push.isOpen()) {
            return push.exchange(batch);
        }
        return transport.post(AgentPaths.EXCHANGE, batch, ServerBatch.class);
    }

    /** One exchange; true when spooled results are left over and another exchange should follow at once. */
    private boolean exchange() {
        List<RunResult> results = spool.pending(MAX_RESULTS_PER_EXCHANGE, MAX_RESULT_BYTES_PER_EXCHANGE);
        List<AgentMessage> notices = drainOutbox();
        List<AgentMessage> sent = new ArrayList<>();
        // A check-in (and with it the server's pending work) only when due: output and notices travel
        // on their own, so a run streaming its output does not cost a full check-in every 200 ms.
        boolean checkingIn = !Instant.now().isBefore(nextCheckIn);
        if (checkingIn) {
            sent.add(checkIn());
        }
        sent.addAll(notices);
        sent.addAll(live.drain());
        lastLiveFlush = Instant.now();
        results.forEach(result -> sent.add(new AgentMessage.RunFinished(result)));
        ServerBatch answer;
        try {
            answer = send(new AgentBatch(sent));
        } catch (RuntimeException e) {
            requeue(notices);
            throw e;
        }
        if (checkingIn) {
            nextCheckIn = Instant.now().plus(jittered(pollInterval));
        }
        for (RunResult result : results) {
            spool.remove(result.runId());
            journal.done(result.runId());
        }
        answer.messages().forEach(this::handle);
        return !results.isEmpty() && spool.size() > 0;
    }

    /**
     * After the server refused a batch: send each spooled result alone. One the server refuses on its own
     * can never be delivered; it is set aside (with the reason) so that it no longer blocks the others.
     */
    private void isolateRejectedResults() {
        for (RunResult result : spool.pending()) {
            try {
                send(new AgentBatch(List.of(checkIn(), new AgentMessage.RunFinished(result))));
                spool.remove(result.runId());
                journal.done(result.runId());
            } catch (ServerRejectedException e) {
                if (e.status() == 401 || e.status() == 403) {
                    throw e;
                }
                Path kept = spool.quarantine(result.runId(), e.getMessage());
                journal.done(result.runId());
                LOG.error("the server refuses the result of run {} ({}); it is kept in {} and will not be resent",
                        result.runId(), e.getMessage(), kept);
            }
        }
    }

    private AgentMessage.CheckIn checkIn() {
        return new AgentMessage.CheckIn(AgentVersion.current(), Host.name(), Host.os(),
                Math.max(1, pollInterval.toSeconds()), settingsHash);
    }

    private List<AgentMessage> drainOutbox() {
        List<AgentMessage> drained = new ArrayList<>();
        for (AgentMessage message; (message = outbox.poll()) != null; ) {
            drained.add(message);
        }
        return drained;
    }

    /** Not delivered: put the notices back, in order, ahead of anything newer. */
    private void requeue(List<AgentMessage> notices) {
        List<AgentMessage> newer = drainOutbox();
        outbox.addAll(notices);
        outbox.addAll(newer);
    }

    private void handle(ServerMessage message) {
        switch (message) {
            case ServerMessage.AssignRun assign -> assign(assign);
            case ServerMessage.CancelRun cancel -> cancel(cancel.runId());
            case ServerMessage.CollectInventory collect -> {
                // Offered until answered: collect once per request.
                if (inventoryRequests.add(collect.requestId())) {
                    collectInventory(collect.requestId());
                }
            }
            case ServerMessage.Settings settings -> {
                ServerSettings.save(config.stateDir(), settings);
                apply(settings);
                LOG.info("settings from the server: mode {}, check-in every {}", mode.wireName(),
                        DurationText.format(pollInterval));
            }
        }
    }

    /** Server-held settings win where set; unset ones fall back to the command line. */
    private void apply(ServerMessage.Settings settings) {
        mode = settings.mode() != null ? AgentMode.parse(settings.mode()) : config.mode();
        Duration interval = settings.pollIntervalSeconds() != null
                ? Duration.ofSeconds(settings.pollIntervalSeconds()) : config.pollInterval();
        pollInterval = interval;
        if (mode == AgentMode.PUSH && push == null) {
            nextPushAttempt = Instant.now();
        }
        boolean changed = !settings.hash().equals(settingsHash);
        settingsHash = settings.hash();
        if (changed) {
            nextCheckIn = Instant.now(); // confirm at once: the check-in carries the new hash and interval
        }
        wakeUp.release();
    }

    /** Collects off the loop thread, then sends the report with the next exchange (at once: it wakes the loop). */
    private void collectInventory(String requestId) {
        executor.submit(() -> {
            try {
                outbox.add(new AgentMessage.InventoryReport(requestId, InventoryCollector.collect()));
            } catch (RuntimeException e) {
                LOG.error("could not collect the inventory", e);
            } finally {
                wakeUp.release();
            }
        });
    }

    private void cancel(String runId) {
        CancellationToken token = running.get(runId);
        if (token != null) {
            LOG.info("cancelling run {}", runId);
            cancelledByServer.add(runId);
            token.cancel();
        } else if (!spool.contains(runId)) {
            // Cancelled before it got here (or lost): close it on the server, and never run it later.
            journal.accept(runId);
            spool.save(RunResult.abandoned(runId, RunStatus.CANCELLED, "cancelled before the agent started it", null));
            wakeUp.release();
        }
    }

    private void assign(ServerMessage.AssignRun assign) {
        if (!journal.accept(assign.runId())) {
            // Offered again: our earlier notice was lost. Say again that we have it.
            if (running.containsKey(assign.runId())) {
                outbox.add(new AgentMessage.RunAccepted(assign.runId()));
            } else if (journal.isDone(assign.runId()) && !spool.contains(assign.runId())) {
                // We finished it and the server acknowledged the result, yet offers it again: the server lost
                // what it acknowledged (e.g. a crash of a datastore that did not keep its promise). Running it
                // twice could do harm; say so, so the run is closed instead of staying open forever.
                LOG.warn("run {} is offered again although its result was acknowledged; reporting it as lost", assign.runId());
                spool.save(RunResult.abandoned(assign.runId(), RunStatus.FAILED, "this agent already finished this run "
                        + "and the server acknowledged its result, which the server no longer has; the result is lost "
                        + "(the run was not executed again)", null));
                wakeUp.release();
            }
            return;
        }
        outbox.add(new AgentMessage.RunAccepted(assign.runId()));
        CancellationToken token = new CancellationToken();
        running.put(assign.runId(), token);
        executor.submit(() -> execute(assign, token));
    }

    private void execute(ServerMessage.AssignRun assign, CancellationToken token) {
        String runId = assign.runId();
        boolean slot = false;
        try {
            runSlots.acquire();
            slot = true;
            outbox.add(new AgentMessage.RunStarted(runId));
            wakeUp.release();
            LOG.info("running module {} v{} (run {})", assign.module().name(), assign.module().version(), runId);
            RunResult result = runner.run(runId, assign.module(), assign.outputLimitBytes(), token,
                    (task, stream, text) -> liveOutput(runId, task, stream, text));
            if (result.status() == RunStatus.CANCELLED && !cancelledByServer.contains(runId)) {
                // Stopped because the agent is shutting down, not because an admin cancelled it.
                result = new RunResult(runId, RunStatus.FAILED, result.tasks(), result.startedAt(), result.finishedAt(),
                        "the agent was stopped while this run was in progress");
            }
            spool.save(ResultBudget.fit(result, ResultBudget.MAX_RESULT_BYTES));
            LOG.info("run {} finished: {}", runId, result.status().wireName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spool.save(RunResult.abandoned(runId, RunStatus.FAILED, "the agent was stopped before this run started", null));
        } catch (RuntimeException e) {
            LOG.error("run {} could not be executed", runId, e);
            spool.save(RunResult.abandoned(runId, RunStatus.FAILED, "the agent could not execute this run: " + e, null));
        } finally {
            if (slot) {
                runSlots.release();
            }
            running.remove(runId);
            cancelledByServer.remove(runId);
            wakeUp.release();
        }
    }

    /** A run the agent was executing when it last stopped cannot be resumed; report it as failed, once. */
    private void recoverInterruptedRuns() {
        for (String runId : journal.interrupted()) {
            if (!spool.contains(runId)) {
                LOG.warn("run {} was interrupted by an agent restart; reporting it as failed", runId);
                spool.save(RunResult.abandoned(runId, RunStatus.FAILED,
                        "the agent restarted while this run was in progress", null));
            }
        }
    }

    private void sleep(Duration duration) {
        try {
            if (wakeUp.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS)) {
                wakeUp.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    /** ±10% so that agents started together do not poll in lockstep. */
    static Duration jittered(Duration interval) {
        long millis = interval.toMillis();
        long spread = Math.max(1, millis / 10);
        return Duration.ofMillis(millis - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
    }

    /** Exponential backoff with full jitter, capped by the poll interval and 30 s. */
    Duration retryDelay(int failures) {
        long cap = Math.min(pollInterval.toMillis(), MAX_RETRY_DELAY.toMillis());
        long exp = Math.min(cap, 500L << Math.min(failures, 16));
        return Duration.ofMillis(Math.max(100, ThreadLocalRandom.current().nextLong(exp + 1)));
    }

    /**
     * Stops polling, stops running tasks (their process trees are killed) and waits for their results to
     * reach the spool, so they are reported as failed at the next start rather than lost.
     */
    @Override
    public void close() {
        stopped = true;
        wakeUp.release();
        PushChannel channel = push;
        if (channel != null) {
            channel.close();
        }
        running.values().forEach(CancellationToken::cancel);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("runs still finishing after {}; they will be reported as interrupted at the next start",
                        DurationText.format(SHUTDOWN_GRACE));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
