package dev.steward.server.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steward.protocol.ServerBatch;
import dev.steward.protocol.Wire;
import dev.steward.server.fleet.AgentRecord;
import io.javalin.websocket.WsContext;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.websocket.api.Callback;

/** One agent's live WebSocket. Sends are serialized: Jetty allows one outstanding text send per session. */
final class PushConnection {
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final AgentRecord agent;
    private final WsContext ws;
    private final Instant connectedSince;
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final ReentrantLock sending = new ReentrantLock();

    PushConnection(AgentRecord agent, WsContext ws, Instant connectedSince) {
        this.agent = agent;
        this.ws = ws;
        this.connectedSince = connectedSince;
    }

    AgentRecord agent() {
        return agent;
    }

    Instant connectedSince() {
        return connectedSince;
    }

    long bytesSent() {
        return bytesSent.get();
    }

    long bytesReceived() {
        return bytesReceived.get();
    }

    void received(String text) {
        bytesReceived.addAndGet(utf8Length(text));
    }

    /** UTF-8 size without encoding a copy (frames can be megabytes). */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Sends a batch and waits until it is written; a connection that cannot take it is closed. */
    void send(ServerBatch batch) {
        send(() -> batch);
    }

    /**
     * Computes the batch under the send lock, then sends it: two quick changes (e.g. settings) then
     * reach the agent in the order they were made, the latest last.
     */
    void send(java.util.function.Supplier<ServerBatch> batch) {
        sending.lock();
        try {
            String json;
            try {
                json = Wire.json().writeValueAsString(batch.get());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot encode a server batch", e);
            }
            Callback.Completable written = new Callback.Completable();
            ws.session.sendText(json, written);
            written.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            bytesSent.addAndGet(utf8Length(json));
        } catch (ExecutionException | TimeoutException e) {
            close(1011, "could not deliver a message");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sending.unlock();
        }
    }

    void close(int code, String reason) {
        if (ws.session.isOpen()) {
            ws.session.close(code, reason, Callback.NOOP);
        }
    }
}
