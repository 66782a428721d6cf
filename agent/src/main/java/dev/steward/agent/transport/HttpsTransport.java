package dev.steward.agent.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steward.protocol.ErrorBody;
import dev.steward.protocol.Wire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/** JSON over HTTPS, agent-initiated only. Used for enrollment and for the poll exchange. */
public final class HttpsTransport {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

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
        String message = errorMessage(response.body(), status);
        if (status >= 400 && status < 500) {
            throw new ServerRejectedException(status, message);
        }
        throw new ServerUnreachableException("server error " + status + ": " + message, null);
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
