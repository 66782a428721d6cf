package dev.steward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.agent.tls.PinnedCaTrustManager;
import dev.steward.protocol.Wire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** The admin API of a server under test (bearer token, TLS verified against the server's CA). */
final class AdminApi {
    private final URI base;
    private final String token;
    private final HttpClient http;

    AdminApi(URI base, X509Certificate ca, String token) {
        this.base = base;
        this.token = token;
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {PinnedCaTrustManager.TrustAnchors.trustManager(ca)}, null);
            this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode get(String path) {
        return call(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    JsonNode post(String path, Object body) {
        try {
            return call(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Wire.json().writeValueAsString(body))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode postYaml(String path, String yaml) {
        return call(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)));
    }

    private JsonNode call(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " -> "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? null : Wire.json().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("admin API call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** True once GET /api/v1/health answers (no token needed, but sending one does no harm). */
    boolean healthy() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
