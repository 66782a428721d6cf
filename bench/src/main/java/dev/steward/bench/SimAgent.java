package dev.steward.bench;

import dev.steward.protocol.AgentBatch;
import dev.steward.protocol.AgentMessage;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.RunStatus;
import dev.steward.protocol.ServerBatch;
import dev.steward.protocol.ServerMessage;
import dev.steward.protocol.TaskResult;
import dev.steward.protocol.TaskSpec;
import dev.steward.protocol.TaskStatus;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * What one simulated agent does with the server's messages, whatever the transport: a run is
 * acknowledged (accepted + started in one batch, as the real agent's outbox sends them), "executes" for
 * the configured time, and its result is sent until the server acknowledges it. Everything happens on
 * the agent's own event loop, so no state here needs locking.
 */
abstract class SimAgent {
    final int index;
    final SimIdentity identity;
    final Fleet fleet;
    final EventLoop loop;
    final Outbox outbox = new Outbox();
    private final Set<String> knownRuns = new HashSet<>();
    private long batchSeq;
    String settingsHash;
    Channel channel;
    boolean open;
    private boolean gated = true;

    SimAgent(int index, SimIdentity identity, Fleet fleet, EventLoop loop) {
        this.index = index;
        this.identity = identity;
        this.fleet = fleet;
        this.loop = loop;
    }

    /** Opens the transport (first connect or reconnect), usually through {@link #dial}. */
    abstract void connect();

    /** Sends whatever the outbox holds, if the transport is up and nothing is in flight. */
    abstract void flush();

    /** The transport is up ({@link #channel} is set): start talking. */
    abstract void onOpen();

    /** The transport went down after having been up. */
    void onClose() {
    }

    /**
     * Opens a TCP + TLS connection presenting this agent's certificate; {@code pipeline} adds the
     * handlers that follow TLS. A failure to connect is handled here; the handlers report the rest.
     */
    final void dial(BiConsumer<SocketChannel, SslHandler> pipeline) {
        fleet.counters().attempts.increment();
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SSLEngine engine = fleet.tls().engineFor(index);
                        SslHandler ssl = new SslHandler(engine);
                        ssl.setHandshakeTimeoutMillis(30_000);
                        ssl.handshakeFuture().addListener(f -> fleet.tls().release(engine));
                        ch.pipeline().addLast(ssl);
                        pipeline.accept(ch, ssl);
                    }
                });
        bootstrap.connect(fleet.config().host(), fleet.config().port()).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                failed();
            }
        });
    }

    /** The transport is ready for messages. */
    final void opened(Channel ch) {
        channel = ch;
        open = true;
        fleet.counters().connects.increment();
        fleet.counters().open.incrementAndGet();
        releaseGate();
        onOpen();
    }

    /** The connection went away: a drop if it had opened, else a failed attempt. Either way, retry. */
    final void closed() {
        if (!open) {
            failed();
            return;
        }
        open = false;
        channel = null;
        onClose();
        fleet.counters().drops.increment();
        fleet.counters().open.decrementAndGet();
        outbox.requeue();
        loop.schedule(this::connect, reconnectDelayMillis(), TimeUnit.MILLISECONDS);
    }

    private void failed() {
        fleet.counters().failures.increment();
        releaseGate();
        loop.schedule(this::connect, Math.max(100, reconnectDelayMillis()), TimeUnit.MILLISECONDS);
    }

    private void releaseGate() {
        if (gated) {
            gated = false;
            fleet.gateDone();
        }
    }

    AgentMessage.CheckIn checkIn() {
        return new AgentMessage.CheckIn("0.1.0-sim", identity.name(), "linux (simulated)",
                Math.max(1, fleet.config().pollInterval().toSeconds()), settingsHash);
    }

    String nextBatchId() {
        return identity.agentId() + "-" + (++batchSeq);
    }

    /** The server answered the batch in flight (or pushed work on its own, {@code ack == null}). */
    void received(ServerBatch batch) {
        if (batch.ack() != null) {
            if (!batch.ack().equals(outbox.inFlightId())) {
                fleet.counters().strayAcks.increment();
            } else if (batch.error() != null) {
                fleet.counters().refusals.increment();
                fleet.print("refused " + identity.name() + " " + batch.error().status() + " " + batch.error().error());
                if (batch.error().status() >= 500) {
                    outbox.requeue(); // the server's trouble: send again, as the real agent does
                } else {
                    outbox.acknowledged();
                }
            } else {
                long micros = (System.nanoTime() - outbox.sentAtNanos()) / 1000;
                fleet.latencies().record(micros);
                for (AgentMessage m : outbox.acknowledged()) {
                    if (m instanceof AgentMessage.RunFinished finished) {
                        fleet.counters().resultsStored.increment();
                        fleet.print("done " + finished.result().runId() + " " + System.currentTimeMillis());
                    } else if (m instanceof AgentMessage.CheckIn) {
                        fleet.counters().checkIns.increment();
                    }
                }
            }
        }
        for (ServerMessage message : batch.messages()) {
            handle(message);
        }
        flush();
    }

    private void handle(ServerMessage message) {
        switch (message) {
            case ServerMessage.AssignRun assign -> {
                if (knownRuns.add(assign.runId())) {
                    fleet.counters().assigned.increment();
                    outbox.add(new AgentMessage.RunAccepted(assign.runId()));
                    outbox.add(new AgentMessage.RunStarted(assign.runId()));
                    Instant started = Instant.now();
                    long delay = fleet.config().runTime().toMillis();
                    loop.schedule(() -> {
                        outbox.add(new AgentMessage.RunFinished(result(assign, started)));
                        flush();
                    }, delay, TimeUnit.MILLISECONDS);
                } else {
                    outbox.add(new AgentMessage.RunAccepted(assign.runId()));
                }
            }
            case ServerMessage.CancelRun cancel -> {
                if (knownRuns.add(cancel.runId())) {
                    outbox.add(new AgentMessage.RunFinished(RunResult.abandoned(cancel.runId(), RunStatus.CANCELLED,
                            "cancelled before the agent started it", null)));
                }
            }
            case ServerMessage.Settings settings -> settingsHash = settings.hash();
            case ServerMessage.CollectInventory ignored -> fleet.counters().inventoryRequests.increment();
        }
    }

    private RunResult result(ServerMessage.AssignRun assign, Instant started) {
        List<TaskResult> tasks = new ArrayList<>();
        Instant now = Instant.now();
        for (TaskSpec task : assign.module().tasks()) {
            tasks.add(new TaskResult(task.name(), TaskStatus.SUCCEEDED, 0, "simulated output of " + task.name() + "\n",
                    "", started, now));
        }
        return new RunResult(assign.runId(), RunStatus.SUCCEEDED, tasks, started, now);
    }

    /** Uniformly random within the reconnect window, like the real agent (full jitter). */
    long reconnectDelayMillis() {
        long window = fleet.config().reconnectWindow().toMillis();
        return window <= 0 ? 0 : ThreadLocalRandom.current().nextLong(window + 1);
    }

    AgentBatch takeBatch(AgentMessage first) {
        return outbox.take(nextBatchId(), first);
    }
}
