package dev.steward.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.agent.tls.AgentTls;
import dev.steward.agent.tls.PinnedCaTrustManager;
import dev.steward.protocol.Fingerprint;
import dev.steward.protocol.Wire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * HTTP as a client that knows what it was told: an {@link Answer} only when a complete response (status and
 * the whole body) arrived, an {@link IOException} when none did (the server died under the request). That
 * line is what "acknowledged" means in the durability tests, so nothing here retries or hides a failure.
 */
final class RawClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status / 100 == 2;
        }

        @Override
        public String toString() {
            return "HTTP " + status + (body == null ? "" : " " + body);
        }
    }

    private final URI base;
    private final HttpClient http;

    RawClient(URI base, SSLContext tls) {
        this.base = base;
        this.http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** An admin-side client: trusts the installation's pinned CA (the agent's own trust manager), no client certificate. */
    static RawClient admin(Installation steward) {
        return new RawClient(URI.create(steward.url()), AgentTls.forEnrollment(
                new PinnedCaTrustManager(Fingerprint.parse(steward.fingerprint()))));
    }

    Answer get(String path, String token) throws IOException {
        return send("GET", path, null, null, token);
    }

    Answer postJson(String path, Object body, String token) throws IOException {
        return send("POST", path, "application/json", Wire.json().writeValueAsBytes(body), token);
    }

    Answer send(String method, String path, String contentType, byte[] body, String token) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode json;
        try {
            json = response.body().length == 0 ? null : Wire.json().readTree(response.body());
        } catch (IOException e) {
            // A body that does not parse is not an answer this client can act on: it does not count.
            throw new IOException("unreadable answer (HTTP " + response.statusCode() + "): "
                    + new String(response.body(), StandardCharsets.UTF_8), e);
        }
        return new Answer(response.statusCode(), json);
    }
}
