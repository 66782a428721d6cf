package dev.steward.agent;

import dev.steward.agent.exec.CancellationToken;
import dev.steward.agent.exec.ModuleRunner;
import dev.steward.agent.identity.AgentIdentity;
import dev.steward.agent.identity.Enroller;
import dev.steward.agent.identity.Host;
import dev.steward.agent.spool.ResultSpool;
import dev.steward.agent.spool.RunJournal;
import dev.steward.agent.tls.AgentTls;
import dev.steward.agent.transport.HttpsTransport;
import dev.steward.agent.transport.ServerRejectedException;
import dev.steward.agent.transport.ServerUnreachableException;
import dev.steward.protocol.AgentBatch;
import dev.steward.protocol.AgentMessage;
import dev.steward.protocol.AgentPaths;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.RunStatus;
import dev.steward.protocol.ServerBatch;
import dev.steward.protocol.ServerMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The agent in poll mode. One loop thread talks to the server (check-in, outbox, spooled results, new
 * work); runs execute on their own threads and wake the loop when they start and finish, so a result is
 * sent as soon as it exists instead of at the next interval.
 */
public final class StewardAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StewardAgent.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

    private final AgentConfig config;
    private final ResultSpool spool;
    private final RunJournal journal;
    private final ModuleRunner runner;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentLinkedQueue<AgentMessage> outbox = new ConcurrentLinkedQueue<>();
    private final Map<String, CancellationToken> running = new ConcurrentHashMap<>();
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean stopped;
    private HttpsTransport transport;

    public StewardAgent(AgentConfig config) {
        this.config = config;
        this.spool = new ResultSpool(config.stateDir());
        this.journal = new RunJournal(config.stateDir());
        try {
            Files.createDirectories(config.stateDir().resolve("work"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + config.stateDir(), e);
        }
        this.runner = new ModuleRunner(config.stateDir().resolve("work"));
    }

    /** Loads the identity from the state directory, enrolling first if there is none. */
    public AgentIdentity identity() throws IOException {
        if (AgentIdentity.exists(config.stateDir())) {
            return AgentIdentity.load(config.stateDir(), config.caFingerprint());
        }
        AgentIdentity identity = Enroller.enroll(config.server(), config.enrollToken(), config.caFingerprint(),
                config.name());
        identity.save(config.stateDir());
        LOG.info("enrolled as '{}' (agent id {})", config.name(), identity.agentId());
        return identity;
    }

    /** Runs until {@link #close()} or until the server refuses this agent's identity. */
    public void run() throws IOException {
        AgentIdentity identity = identity();
        transport = new HttpsTransport(config.server(), AgentTls.forIdentity(identity));
        recoverInterruptedRuns();
        journal.prune(Instant.now());
        LOG.info("polling {} every {}", config.server(), dev.steward.protocol.DurationText.format(config.pollInterval()));
        int failures = 0;
        while (!stopped) {
            try {
                exchange();
                failures = 0;
                sleep(jittered(config.pollInterval()));
            } catch (ServerUnreachableException e) {
                failures++;
                Duration delay = retryDelay(failures);
                LOG.warn("{} (retrying in {} ms; {} result(s) kept in the spool)", e.getMessage(), delay.toMillis(),
                        spool.pending().size());
                sleep(delay);
            } catch (ServerRejectedException e) {
                if (e.status() == 401 || e.status() == 403) {
                    throw new AgentRefusedException("the server refuses this agent: " + e.getMessage());
                }
                failures++;
                LOG.error("the server rejected a request: {} (retrying in {})", e.getMessage(), config.pollInterval());
                sleep(config.pollInterval());
            }
        }
    }

    /** The server no longer accepts this agent's identity (revoked or unknown); polling on would be pointless. */
    public static final class AgentRefusedException extends RuntimeException {
        public AgentRefusedException(String message) {
            super(message);
        }
    }

    private void exchange() {
        List<AgentMessage> sent = new ArrayList<>();
        sent.add(new AgentMessage.CheckIn(AgentVersion.current(), Host.name(), Host.os(),
                Math.max(1, config.pollInterval().toSeconds())));
        for (AgentMessage message; (message = outbox.poll()) != null; ) {
            sent.add(message);
        }
        List<RunResult> results = spool.pending();
        results.forEach(result -> sent.add(new AgentMessage.RunFinished(result)));
        ServerBatch answer;
        try {
            answer = transport.post(AgentPaths.EXCHANGE, new AgentBatch(sent), ServerBatch.class);
        } catch (RuntimeException e) {
            // Not delivered: put the in-memory notices back, in order, ahead of anything newer.
            List<AgentMessage> retry = sent.stream().filter(m -> m instanceof AgentMessage.RunAccepted
                    || m instanceof AgentMessage.RunStarted).toList();
            List<AgentMessage> newer = new ArrayList<>(outbox);
            outbox.clear();
            outbox.addAll(retry);
            outbox.addAll(newer);
            throw e;
        }
        for (RunResult result : results) {
            spool.remove(result.runId());
            journal.done(result.runId());
        }
        answer.messages().forEach(this::handle);
    }

    private void handle(ServerMessage message) {
        switch (message) {
            case ServerMessage.AssignRun assign -> assign(assign);
            case ServerMessage.CancelRun cancel -> cancel(cancel.runId());
        }
    }

    private void cancel(String runId) {
        CancellationToken token = running.get(runId);
        if (token != null) {
            LOG.info("cancelling run {}", runId);
            token.cancel();
        } else if (!spool.contains(runId)) {
            // Cancelled before it got here (or lost): close it on the server, and never run it later.
            journal.accept(runId);
            spool.save(new RunResult(runId, RunStatus.CANCELLED, List.of(), null, Instant.now()));
            wakeUp.release();
        }
    }

    private void assign(ServerMessage.AssignRun assign) {
        if (!journal.accept(assign.runId())) {
            // Offered again: our earlier notice was lost. Say again that we have it.
            if (running.containsKey(assign.runId())) {
                outbox.add(new AgentMessage.RunStarted(assign.runId()));
            }
            return;
        }
        outbox.add(new AgentMessage.RunAccepted(assign.runId()));
        CancellationToken token = new CancellationToken();
        running.put(assign.runId(), token);
        executor.submit(() -> execute(assign, token));
    }

    private void execute(ServerMessage.AssignRun assign, CancellationToken token) {
        try {
            outbox.add(new AgentMessage.RunStarted(assign.runId()));
            wakeUp.release();
            LOG.info("running module {} v{} (run {})", assign.module().name(), assign.module().version(), assign.runId());
            RunResult result = runner.run(assign.runId(), assign.module(), assign.outputLimitBytes(), token);
            spool.save(result);
            LOG.info("run {} finished: {}", assign.runId(), result.status().wireName());
        } catch (RuntimeException e) {
            LOG.error("run {} could not be executed", assign.runId(), e);
            spool.save(new RunResult(assign.runId(), RunStatus.FAILED, List.of(), Instant.now(), Instant.now()));
        } finally {
            running.remove(assign.runId());
            wakeUp.release();
        }
    }

    /** A run the agent was executing when it last stopped cannot be resumed; report it as failed, once. */
    private void recoverInterruptedRuns() {
        for (String runId : journal.interrupted()) {
            if (!spool.contains(runId)) {
                LOG.warn("run {} was interrupted by an agent restart; reporting it as failed", runId);
                spool.save(new RunResult(runId, RunStatus.FAILED, List.of(), null, Instant.now()));
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
        long cap = Math.min(config.pollInterval().toMillis(), MAX_RETRY_DELAY.toMillis());
        long exp = Math.min(cap, 500L << Math.min(failures, 16));
        return Duration.ofMillis(Math.max(100, ThreadLocalRandom.current().nextLong(exp + 1)));
    }

    @Override
    public void close() {
        stopped = true;
        wakeUp.release();
        running.values().forEach(CancellationToken::cancel);
        executor.shutdown();
    }
}
