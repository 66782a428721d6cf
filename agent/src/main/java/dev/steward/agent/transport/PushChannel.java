package dev.steward.agent.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steward.protocol.AgentBatch;
import dev.steward.protocol.AgentPaths;
import dev.steward.protocol.ServerBatch;
import dev.steward.protocol.Wire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The push transport: one WebSocket to {@code /agent/v1/push} on the server's HTTPS port, with the
 * agent's client certificate. Each {@link AgentBatch} goes out with an id and is acknowledged by the
 * server's answer; batches the server sends on its own (new work) queue up for the agent's loop.
 */
public final class PushChannel implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private final WebSocket socket;
    private final Receiver receiver;
    private final Instant connectedAt = Instant.now();
    private final AtomicLong bytesSent = new AtomicLong();

    private PushChannel(WebSocket socket, Receiver receiver) {
        this.socket = socket;
        this.receiver = receiver;
    }

    /**
     * Opens the channel. Throws {@link ServerUnreachableException} when the server cannot be reached or
     * refuses the upgrade (push disabled, a proxy that blocks WebSocket, ...): the caller polls instead.
     */
    public static PushChannel open(HttpsTransport https, Runnable onActivity) {
        URI server = https.server();
        URI uri = URI.create(("http".equals(server.getScheme()) ? "ws" : "wss") + "://" + server.getRawAuthority()
                + AgentPaths.PUSH);
        Receiver receiver = new Receiver(onActivity);
        if (https.tlsProtocol() == null) {
            https.probe(); // learn the TLS parameters once, for `steward agent status`
        }
        try {
            WebSocket socket = https.client().newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT)
                    .buildAsync(uri, receiver).get(CONNECT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            return new PushChannel(socket, receiver);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WebSocketHandshakeException refused) {
                int status = refused.getResponse().statusCode();
                throw new PushRefusedException("the server refused the push connection (HTTP " + status + ")", e);
            }
            throw new ServerUnreachableException("cannot open a push connection to " + uri + ": " + cause, e);
        } catch (TimeoutException e) {
            throw new ServerUnreachableException("no answer opening a push connection to " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException("interrupted", e);
        }
    }

    /** Sends a batch and waits for the server's acknowledging answer. */
    public ServerBatch exchange(AgentBatch batch) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<ServerBatch> answer = new CompletableFuture<>();
        receiver.pending.put(id, answer);
        if (receiver.closed.isDone()) {
            // Closed before we registered: onClose already failed the waiters it knew about.
            answer.completeExceptionally(new IOException("push connection closed"));
        }
        try {
            send(Wire.json().writeValueAsString(new AgentBatch(id, batch.messages())));
            ServerBatch reply = answer.get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.error() != null) {
                // As over HTTP: a 4xx refuses this batch, a 5xx is the server's trouble (e.g. shutting down),
                // so the batch is kept and sent again later; a result must never be set aside for it.
                if (reply.error().status() >= 500) {
                    throw new ServerUnreachableException("server error " + reply.error().status() + ": "
                            + reply.error().error(), null);
                }
                throw new ServerRejectedException(reply.error().status(), reply.error().error());
            }
            return reply;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a batch", e);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new ServerUnreachableException("the push connection failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException("interrupted", e);
        } finally {
            receiver.pending.remove(id);
        }
    }

    /** Batches the server pushed on its own since the last call, oldest first. */
    public ServerBatch nextPushed() {
        return receiver.pushed.poll();
    }

    public void ping() {
        socket.sendPing(ByteBuffer.allocate(0));
    }

    public boolean isOpen() {
        return !receiver.closed.isDone() && !socket.isOutputClosed() && !socket.isInputClosed();
    }

    /** Why the channel closed, once it has. */
    public String closeReason() {
        return receiver.closed.getNow("open");
    }

    public Instant lastHeard() {
        return receiver.lastHeard;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    public long bytesReceived() {
        return receiver.bytesReceived.get();
    }

    private synchronized void send(String text) throws ExecutionException, InterruptedException, TimeoutException {
        socket.sendText(text, true).get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        bytesSent.addAndGet(text.length());
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "agent closing");
        }
        socket.abort();
        receiver.closed.complete("closed by the agent");
        receiver.pending.values().forEach(f -> f.completeExceptionally(new IOException("push connection closed")));
    }

    private static String describe(Exception e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        return cause == null ? e.toString() : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** Reassembles text frames into batches and routes them: answers to waiting senders, pushes to the queue. */
    private static final class Receiver implements WebSocket.Listener {
        private final Runnable onActivity;
        private final Map<String, CompletableFuture<ServerBatch>> pending = new ConcurrentHashMap<>();
        private final ConcurrentLinkedQueue<ServerBatch> pushed = new ConcurrentLinkedQueue<>();
        private final CompletableFuture<String> closed = new CompletableFuture<>();
        private final AtomicLong bytesReceived = new AtomicLong();
        private final StringBuilder partial = new StringBuilder();
        private volatile Instant lastHeard = Instant.now();

        Receiver(Runnable onActivity) {
            this.onActivity = onActivity;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                bytesReceived.addAndGet(text.length());
                lastHeard = Instant.now();
                dispatch(text);
            }
            socket.request(1);
            return null;
        }

        private void dispatch(String text) {
            ServerBatch batch;
            try {
                batch = Wire.json().readValue(text, ServerBatch.class);
            } catch (JsonProcessingException e) {
                closed.complete("the server sent an unreadable message: " + e.getOriginalMessage());
                onActivity.run();
                return;
            }
            CompletableFuture<ServerBatch> waiting = batch.ack() == null ? null : pending.get(batch.ack());
            if (waiting != null) {
                waiting.complete(batch);
            } else {
                pushed.add(batch);
                onActivity.run();
            }
        }

        @Override
        public CompletionStage<?> onPong(WebSocket socket, ByteBuffer message) {
            lastHeard = Instant.now();
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket socket, ByteBuffer message) {
            lastHeard = Instant.now();
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete("closed by the server (" + statusCode + (reason == null || reason.isEmpty() ? "" : ": " + reason) + ")");
            pending.values().forEach(f -> f.completeExceptionally(new IOException("push connection closed")));
            onActivity.run();
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.complete("connection lost: " + error);
            pending.values().forEach(f -> f.completeExceptionally(error));
            onActivity.run();
        }
    }
}
