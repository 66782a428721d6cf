package dev.steward.bench;

import io.netty.channel.EventLoopGroup;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the simulated agents of one process share: the event loops, the TLS context, the counters and
 * the line-based report to the driver (stdout). First connections go through a gate so that setting
 * up thousands of agents does not turn into a handshake storm; reconnects do not (like real agents,
 * they are spread only by the reconnect window).
 */
final class Fleet {
    private final SimConfig config;
    private final EventLoopGroup loops;
    private final SimTls tls;
    private final Counters counters = new Counters();
    private final Latencies latencies = new Latencies();
    private final BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
    private final Queue<SimAgent> waitingToConnect = new ConcurrentLinkedQueue<>();
    private final AtomicInteger gatePermits;

    Fleet(SimConfig config, EventLoopGroup loops, SimTls tls) {
        this.config = config;
        this.loops = loops;
        this.tls = tls;
        this.gatePermits = new AtomicInteger(config.connectConcurrency());
    }

    SimConfig config() {
        return config;
    }

    EventLoopGroup loops() {
        return loops;
    }

    SimTls tls() {
        return tls;
    }

    Counters counters() {
        return counters;
    }

    Latencies latencies() {
        return latencies;
    }

    /** Queues a first connection; it starts once fewer than the configured number are in progress. */
    void connectGated(SimAgent agent) {
        waitingToConnect.add(agent);
        drainGate();
    }

    /** A gated first connection finished (either way): let the next one start. */
    void gateDone() {
        gatePermits.incrementAndGet();
        drainGate();
    }

    private void drainGate() {
        while (true) {
            int permits = gatePermits.get();
            if (permits <= 0 || waitingToConnect.isEmpty()) {
                return;
            }
            if (gatePermits.compareAndSet(permits, permits - 1)) {
                SimAgent next = waitingToConnect.poll();
                if (next == null) {
                    gatePermits.incrementAndGet();
                    return;
                }
                next.loop.execute(next::connect);
            }
        }
    }

    void print(String line) {
        synchronized (out) {
            try {
                out.write(line);
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void flushOutput() {
        synchronized (out) {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
