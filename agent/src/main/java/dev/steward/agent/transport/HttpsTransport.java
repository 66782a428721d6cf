package dev.steward.agent.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steward.protocol.ErrorBody;
import dev.steward.protocol.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * HTTPS, agent-initiated only. Used for enrollment, for the poll exchange (JSON) and for downloading
 * resources (bytes streamed to a file).
 */
public final class HttpsTransport {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Of a failed download's body, only this much is read: enough for the server's JSON explanation. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final URI server;
    private final HttpClient client;
    private final java.util.concurrent.atomic.AtomicLong bytesSent = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong bytesReceived = new java.util.concurrent.atomic.AtomicLong();
    private volatile String tlsProtocol;
    private volatile String tlsCipher;

    /**
     * @param proxy an HTTP proxy ({@code http://host:port}) reached with CONNECT for every request and
     *              for the push WebSocket, or null to connect directly
     */
    public HttpsTransport(URI server, SSLContext tls, URI proxy) {
        this.server = server;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .sslContext(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10));
        if (proxy != null) {
            builder.proxy(java.net.ProxySelector.of(new java.net.InetSocketAddress(proxy.getHost(), proxy.getPort())));
        }
        this.client = builder.build();
    }

    URI server() {
        return server;
    }

    HttpClient client() {
        return client;
    }

    /** A cheap HTTPS round trip (the health check), to learn the TLS parameters the push channel will use too. */
    public void probe() {
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(server.resolve("/api/v1/health"))
                    .timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.discarding());
            rememberTls(response);
        } catch (IOException e) {
            throw new ServerUnreachableException("cannot reach " + server + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException("interrupted", e);
        }
    }

    /** Keeps the negotiated protocol and cipher, for `steward agent status`. */
    private void rememberTls(HttpResponse<?> response) {
        response.sslSession().ifPresent(session -> {
            tlsProtocol = session.getProtocol();
            tlsCipher = session.getCipherSuite();
        });
    }

    public String tlsProtocol() {
        return tlsProtocol;
    }

    public String tlsCipher() {
        return tlsCipher;
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    public <T> T post(String path, Object body, Class<T> responseType) {
        HttpRequest request;
        byte[] encoded;
        try {
            encoded = Wire.json().writeValueAsBytes(body);
            request = HttpRequest.newBuilder(server.resolve(path))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(encoded))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode request", e);
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            bytesSent.addAndGet(encoded.length);
            bytesReceived.addAndGet(response.body().length);
            rememberTls(response);
        } catch (SSLHandshakeException e) {
            throw new ServerUnreachableException("TLS handshake with " + server + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ServerUnreachableException("cannot reach " + server + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException("interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                return Wire.json().readValue(response.body(), responseType);
            } catch (IOException e) {
                throw new ServerUnreachableException("unreadable answer from " + server + ": " + e.getMessage(), e);
            }
        }
        throw failure(status, errorMessage(response.body(), status));
    }

    /**
     * GETs {@code path} and streams the answer's body into {@code sink}; returns the number of bytes
     * written. The caller knows how much to expect: a body longer than {@code maxBytes} is refused with
     * {@link ResponseTooLargeException} and nothing beyond {@code maxBytes} is ever written. When
     * {@code abort} completes, the download stops at once with a {@link CancellationException} (the
     * request timeout covers only the wait for the answer's headers; the body may take as long as the
     * caller allows). The errors are those of {@link #post}; an I/O error writing {@code sink} is an
     * {@link UncheckedIOException}.
     */
    public long download(String path, OutputStream sink, long maxBytes, CompletionStage<?> abort) {
        if (maxBytes < 0 || maxBytes == Long.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be between 0 and Long.MAX_VALUE - 1, was " + maxBytes);
        }
        HttpRequest request = HttpRequest.newBuilder(server.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/octet-stream")
                .GET()
                .build();
        CompletableFuture<HttpResponse<InputStream>> sent =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        AtomicBoolean aborted = new AtomicBoolean();
        // Whatever the download is doing when abort comes: waiting for the answer (cancelling the exchange
        // ends it) or reading the body (closing the stream wakes a blocked read).
        abort.thenRun(() -> {
            aborted.set(true);
            sent.cancel(true);
            sent.thenAccept(response -> closeQuietly(response.body()));
        });
        HttpResponse<InputStream> response = awaitAnswer(sent, aborted);
        try (InputStream body = response.body()) {
            rememberTls(response);
            int status = response.statusCode();
            if (status < 200 || status >= 300) {
                throw failure(status, errorMessage(readError(body), status));
            }
            long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (announced > maxBytes) {
                throw new ResponseTooLargeException("the answer to GET " + path + " has " + announced
                        + " bytes, more than the " + maxBytes + " expected");
            }
            return copy(body, sink, maxBytes, path, aborted);
        } catch (IOException e) {
            // Only closing the body lands here; what was read is complete, or an error was already thrown.
            throw new ServerUnreachableException("the download from " + server + " failed: " + describe(e), e);
        }
    }

    private HttpResponse<InputStream> awaitAnswer(CompletableFuture<HttpResponse<InputStream>> sent,
            AtomicBoolean aborted) {
        try {
            return sent.get();
        } catch (CancellationException e) {
            throw new CancellationException("download stopped");
        } catch (ExecutionException e) {
            if (aborted.get()) {
                // The client reports a cancelled exchange as a failure of its own (wrapping a CancellationException).
                throw new CancellationException("download stopped");
            }
            Throwable cause = e.getCause();
            if (cause instanceof SSLHandshakeException) {
                throw new ServerUnreachableException("TLS handshake with " + server + " failed: " + cause.getMessage(),
                        cause);
            }
            String reason = cause instanceof IOException io ? describe(io) : String.valueOf(cause);
            throw new ServerUnreachableException("cannot reach " + server + ": " + reason, cause);
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException("interrupted", e);
        }
    }

    /** Copies at most {@code maxBytes}; reading one byte more than that is enough to refuse the answer. */
    private long copy(InputStream body, OutputStream sink, long maxBytes, String path, AtomicBoolean aborted) {
        byte[] buffer = new byte[64 * 1024];
        long written = 0;
        while (true) {
            long room = maxBytes - written;
            int want = room >= buffer.length ? buffer.length : (int) room + 1;
            int read;
            try {
                read = body.read(buffer, 0, want);
            } catch (IOException e) {
                if (aborted.get()) {
                    throw new CancellationException("download stopped");
                }
                throw new ServerUnreachableException("the download from " + server + " failed after " + written
                        + " bytes: " + describe(e), e);
            }
            if (read < 0) {
                return written;
            }
            bytesReceived.addAndGet(read);
            if (read > room) {
                throw new ResponseTooLargeException("the answer to GET " + path + " is longer than the " + maxBytes
                        + " bytes expected");
            }
            try {
                sink.write(buffer, 0, read);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            written += read;
        }
    }

    private static byte[] readError(InputStream body) {
        try {
            return body.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return new byte[0]; // the status alone still says what happened
        }
    }

    /** 4xx: the server refuses this request, retrying it will not help; anything else: try again later. */
    private static RuntimeException failure(int status, String message) {
        if (status >= 400 && status < 500) {
            return new ServerRejectedException(status, message);
        }
        return new ServerUnreachableException("server error " + status + ": " + message, null);
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // Closing only to stop a download; nothing more to do.
        }
    }

    private static String errorMessage(byte[] body, int status) {
        try {
            return Wire.json().readValue(body, ErrorBody.class).error();
        } catch (IOException | RuntimeException e) {
            return "HTTP " + status;
        }
    }

    private static String describe(IOException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
