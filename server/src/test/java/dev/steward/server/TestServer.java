package dev.steward.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.agent.identity.AgentIdentity;
import dev.steward.agent.identity.Enroller;
import dev.steward.agent.tls.AgentTls;
import dev.steward.agent.tls.PinnedCaTrustManager;
import dev.steward.protocol.Wire;
import dev.steward.server.pki.Pem;
import dev.steward.server.store.DatastoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** A real server (real TLS, real datastore) started in this JVM on an ephemeral loopback port. */
public final class TestServer implements AutoCloseable {
    private final StewardServer server;
    private final Path dataDir;
    private final HttpClient admin;
    private final SSLContext adminTls;
    private final String adminToken;

    public TestServer(Path dataDir, DatastoreConfig datastore) {
        this.dataDir = dataDir;
        this.server = StewardServer.start(new ServerConfig(dataDir, "127.0.0.1", 0, datastore, List.of()));
        try {
            this.adminToken = Files.readString(dataDir.resolve("initial-admin-token")).trim();
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new javax.net.ssl.TrustManager[] {PinnedCaTrustManager.TrustAnchors.trustManager(
                    Pem.certificate(Files.readString(dataDir.resolve("ca.pem"))))}, null);
            this.adminTls = tls;
            this.admin = client(tls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trusts the server's CA, presents no client certificate. */
    public SSLContext adminTls() {
        return adminTls;
    }

    public URI url() {
        return URI.create("https://127.0.0.1:" + server.port());
    }

    public String adminToken() {
        return adminToken;
    }

    public record Response(int status, JsonNode body) {
        public String error() {
            return body == null || !body.has("error") ? null : body.get("error").asText();
        }
    }

    /** An admin-side request; token may be null to send none. */
    public Response send(String method, String path, String contentType, byte[] body, String token) {
        return send(admin, method, path, contentType, body, token);
    }

    public Response json(String method, String path, Object body, String token) {
        try {
            return send(method, path, "application/json", body == null ? null : Wire.json().writeValueAsBytes(body), token);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Enrolls an agent (the real agent code) and returns an mTLS client holding its identity. */
    public HttpClient enrolledAgent(String name, String enrollToken) {
        AgentIdentity identity = Enroller.enroll(url(), enrollToken, server.caFingerprint(), name);
        return client(AgentTls.forIdentity(identity));
    }

    public static Response send(HttpClient client, URI base, String method, String path, String contentType,
            byte[] body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                // Large bodies ask first, as well-behaved clients do, so a 413 arrives before the upload.
                .expectContinue(body != null && body.length > 1024 * 1024)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = response.body().length == 0 ? null : Wire.json().readTree(response.body());
            return new Response(response.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response send(HttpClient client, String method, String path, String contentType, byte[] body, String token) {
        return send(client, url(), method, path, contentType, body, token);
    }

    /** A request whose answer is not JSON (a download, an export): the status and the raw bytes. */
    public record RawResponse(int status, byte[] body) {
        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public RawResponse raw(HttpClient client, String method, String path, String contentType, byte[] body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> response = (client == null ? admin : client).send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new RawResponse(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An agent's check-in over its mTLS client; returns the server's messages. */
    public JsonNode checkIn(HttpClient agent) {
        Response response = send(agent, "POST", "/agent/v1/exchange", "application/json", ("{\"messages\":[{\"type\":"
                + "\"check_in\",\"agent_version\":\"t\",\"hostname\":\"h\",\"os\":\"Linux 6.1 amd64\",\"poll_interval_seconds\":60,"
                + "\"settings_hash\":null}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
        if (response.status() != 200) {
            throw new IllegalStateException("check-in refused: " + response.status() + " " + response.body());
        }
        return response.body().get("messages");
    }

    public String createEnrollToken(String token) {
        return json("POST", "/api/v1/enroll-tokens", Map.of("expires", "1h"), token).body().get("token").asText();
    }

    private static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        server.close();
    }
}
