package dev.steward.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link HttpsTransport#download}: bytes to a sink, at most as many as expected, with post's error model. */
@Timeout(20)
class HttpsTransportDownloadTest {

    private static final byte[] CONTENT = "0123456789".getBytes(StandardCharsets.UTF_8);
    private final CountDownLatch unblock = new CountDownLatch(1);
    private LocalHttpServer server;

    @AfterEach
    void stop() {
        unblock.countDown();
        if (server != null) {
            server.close();
        }
    }

    private static CompletableFuture<Void> never() {
        return new CompletableFuture<>();
    }

    @Test
    void streamsTheBodyIntoTheSink() throws Exception {
        server = new LocalHttpServer(exchange -> LocalHttpServer.answer(exchange, 200, CONTENT));
        HttpsTransport transport = server.transport();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        long written = transport.download("/agent/v1/resources/abc?run=r-1", sink, CONTENT.length, never());

        assertThat(written).isEqualTo(CONTENT.length);
        assertThat(sink.toByteArray()).isEqualTo(CONTENT);
        assertThat(transport.bytesReceived()).isEqualTo(CONTENT.length);
        assertThat(server.requests).containsExactly("GET /agent/v1/resources/abc?run=r-1 application/octet-stream");
    }

    @Test
    void anAnnouncedLengthAboveTheLimitIsRefusedBeforeReading() throws Exception {
        server = new LocalHttpServer(exchange -> LocalHttpServer.answer(exchange, 200, CONTENT));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        assertThatThrownBy(() -> server.transport().download("/r", sink, CONTENT.length - 1, never()))
                .isInstanceOf(ResponseTooLargeException.class)
                .hasMessage("the answer to GET /r has 10 bytes, more than the 9 expected");
        assertThat(sink.size()).isZero();
    }

    @Test
    void aChunkedBodyIsCutOffOneByteBeyondTheLimit() throws Exception {
        server = new LocalHttpServer(exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no length announced
            exchange.getResponseBody().write(new byte[1_000_000]);
        });
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        assertThatThrownBy(() -> server.transport().download("/r", sink, 100_000, never()))
                .isInstanceOf(ResponseTooLargeException.class)
                .hasMessage("the answer to GET /r is longer than the 100000 bytes expected");
        assertThat(sink.size()).isLessThanOrEqualTo(100_000);
    }

    @Test
    void aChunkedBodyOfExactlyTheLimitIsAccepted() throws Exception {
        server = new LocalHttpServer(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(CONTENT);
        });
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        assertThat(server.transport().download("/r", sink, CONTENT.length, never())).isEqualTo(CONTENT.length);
        assertThat(sink.toByteArray()).isEqualTo(CONTENT);
    }

    @Test
    void fourHundredsAreRejectionsWithTheServersReason() throws Exception {
        server = new LocalHttpServer(exchange -> {
            byte[] body = switch (exchange.getRequestURI().getPath()) {
                case "/json" -> "{\"status\":403,\"error\":\"no open run of this agent uses this resource\"}"
                        .getBytes(StandardCharsets.UTF_8);
                default -> "<html>not found</html>".getBytes(StandardCharsets.UTF_8);
            };
            LocalHttpServer.answer(exchange, exchange.getRequestURI().getPath().equals("/json") ? 403 : 404, body);
        });
        HttpsTransport transport = server.transport();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        assertThatThrownBy(() -> transport.download("/json", sink, 100, never()))
                .isInstanceOfSatisfying(ServerRejectedException.class, e -> assertThat(e.status()).isEqualTo(403))
                .hasMessage("no open run of this agent uses this resource");
        assertThatThrownBy(() -> transport.download("/html", sink, 100, never()))
                .isInstanceOfSatisfying(ServerRejectedException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("HTTP 404");
        assertThat(sink.size()).isZero();
    }

    @Test
    void fiveHundredsAndSilenceMeanUnreachable() throws Exception {
        server = new LocalHttpServer(exchange -> LocalHttpServer.answer(exchange, 503,
                "{\"status\":503,\"error\":\"the server is stopping\"}".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> server.transport().download("/r", OutputStream.nullOutputStream(), 100, never()))
                .isInstanceOf(ServerUnreachableException.class)
                .hasMessage("server error 503: the server is stopping");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpsTransport nobody = new HttpsTransport(java.net.URI.create("http://127.0.0.1:" + closedPort),
                SSLContext.getDefault(), null);
        assertThatThrownBy(() -> nobody.download("/r", OutputStream.nullOutputStream(), 100, never()))
                .isInstanceOf(ServerUnreachableException.class)
                .hasMessageStartingWith("cannot reach http://127.0.0.1:" + closedPort);
    }

    @Test
    void abortStopsADownloadStalledMidBody() throws Exception {
        server = new LocalHttpServer(exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(CONTENT);
            exchange.getResponseBody().flush();
            await(unblock);
        });
        HttpsTransport transport = server.transport();
        CompletableFuture<Void> abort = new CompletableFuture<>();
        CountDownLatch received = new CountDownLatch(1);
        ByteArrayOutputStream sink = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                super.write(b, off, len);
                received.countDown();
            }
        };

        CompletableFuture<Long> download = CompletableFuture.supplyAsync(() -> transport.download("/r", sink, 1000, abort));
        assertThat(received.await(5, TimeUnit.SECONDS)).isTrue(); // the body started; the read now blocks
        Instant abortedAt = Instant.now();
        abort.complete(null);

        assertThatThrownBy(() -> download.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CancellationException.class);
        assertThat(Duration.between(abortedAt, Instant.now())).isLessThan(Duration.ofSeconds(2));
        assertThat(sink.toByteArray()).isEqualTo(CONTENT);
    }

    @Test
    void abortStopsAWaitForTheAnswer() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        server = new LocalHttpServer(exchange -> {
            started.countDown();
            await(unblock);
        });
        HttpsTransport transport = server.transport();
        CompletableFuture<Void> abort = new CompletableFuture<>();

        CompletableFuture<Long> download = CompletableFuture.supplyAsync(
                () -> transport.download("/r", OutputStream.nullOutputStream(), 1000, abort));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        abort.complete(null);

        assertThatThrownBy(() -> download.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CancellationException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
