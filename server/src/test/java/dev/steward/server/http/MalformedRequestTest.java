package dev.steward.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.server.TestServer;
import dev.steward.server.store.DatastoreConfig;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint, fed garbage, oversized bodies, wrong content types and missing credentials, answers
 * a 4xx with a JSON message, and the server keeps serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestTest {
    private TestServer server;
    private HttpClient agent;

    record Endpoint(String method, String path, String contentType, boolean agentSide) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("POST", "/api/v1/tenants", "application/json", false),
                new Endpoint("POST", "/api/v1/enroll-tokens", "application/json", false),
                new Endpoint("POST", "/api/v1/enroll-tokens/x/revoke", "application/json", false),
                new Endpoint("POST", "/api/v1/modules", "application/yaml", false),
                new Endpoint("POST", "/api/v1/jobs", "application/json", false),
                new Endpoint("POST", "/api/v1/jobs/x/cancel", "application/json", false),
                new Endpoint("POST", "/api/v1/agents/x/revoke", "application/json", false),
                new Endpoint("POST", "/api/v1/agents/x/disconnect", "application/json", false),
                new Endpoint("POST", "/api/v1/agents/x/settings", "application/json", false),
                new Endpoint("POST", "/api/v1/agent-defaults", "application/json", false),
                new Endpoint("POST", "/api/v1/inventory/collect", "application/json", false),
                new Endpoint("POST", "/agent/v1/enroll", "application/json", false),
                new Endpoint("POST", "/agent/v1/exchange", "application/json", true));
    }

    static List<Endpoint> readEndpoints() {
        return List.of(
                new Endpoint("GET", "/api/v1/tenants", null, false),
                new Endpoint("GET", "/api/v1/enroll-tokens", null, false),
                new Endpoint("GET", "/api/v1/agents", null, false),
                new Endpoint("GET", "/api/v1/agents/nobody", null, false),
                new Endpoint("GET", "/api/v1/modules", null, false),
                new Endpoint("GET", "/api/v1/modules/nothing", null, false),
                new Endpoint("GET", "/api/v1/jobs", null, false),
                new Endpoint("GET", "/api/v1/jobs/not-a-job", null, false),
                new Endpoint("GET", "/api/v1/jobs/not-a-job/output", null, false),
                new Endpoint("GET", "/api/v1/agent-defaults", null, false),
                new Endpoint("GET", "/api/v1/inventory?agents=nobody", null, false),
                new Endpoint("GET", "/api/v1/agents/nobody/inventory", null, false));
    }

    @BeforeAll
    void start(@TempDir Path dir) {
        server = new TestServer(dir, DatastoreConfig.embedded(dir));
        agent = server.enrolledAgent("probe", server.createEnrollToken(server.adminToken()));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private TestServer.Response send(Endpoint endpoint, String contentType, byte[] body, String token) {
        return endpoint.agentSide()
                ? server.send(agent, endpoint.method(), endpoint.path(), contentType, body, null)
                : server.send(endpoint.method(), endpoint.path(), contentType, body, token);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void rejectsGarbageOversizedAndMistypedBodies(Endpoint endpoint) {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        assertClientError(send(endpoint, endpoint.contentType(), garbage, server.adminToken()), endpoint, "garbage");
        assertClientError(send(endpoint, endpoint.contentType(), "{\"unclosed\": [".getBytes(StandardCharsets.UTF_8),
                server.adminToken()), endpoint, "truncated JSON");
        assertClientError(send(endpoint, endpoint.contentType(), "[1,2,3]".getBytes(StandardCharsets.UTF_8),
                server.adminToken()), endpoint, "wrong JSON shape");
        assertClientError(send(endpoint, endpoint.contentType(), new byte[0], server.adminToken()), endpoint, "empty");
        assertClientError(send(endpoint, "text/plain", "hello".getBytes(StandardCharsets.UTF_8), server.adminToken()),
                endpoint, "wrong content type");
        assertClientError(send(endpoint, endpoint.contentType(), new byte[70 * 1024 * 1024], server.adminToken()),
                endpoint, "oversized");
        assertStillServing();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"endpoints", "readEndpoints"})
    void refusesMissingAndBadCredentials(Endpoint endpoint) {
        if (endpoint.path().equals("/agent/v1/enroll")) {
            TestServer.Response response = server.send("POST", endpoint.path(), "application/json",
                    "{\"token\":\"stw_enroll_bogus\",\"name\":\"x\",\"csr_pem\":\"x\"}".getBytes(StandardCharsets.UTF_8), null);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.error()).contains("enrollment token is not valid");
            return;
        }
        TestServer.Response none = server.send(endpoint.method(), endpoint.path(), endpoint.contentType(),
                endpoint.method().equals("GET") ? null : "{}".getBytes(StandardCharsets.UTF_8), null);
        assertThat(none.status()).as(endpoint + " without credentials").isEqualTo(401);
        assertThat(none.error()).isNotBlank();
        if (!endpoint.agentSide()) {
            TestServer.Response bad = server.send(endpoint.method(), endpoint.path(), endpoint.contentType(),
                    endpoint.method().equals("GET") ? null : "{}".getBytes(StandardCharsets.UTF_8), "stw_admin_wrong");
            assertThat(bad.status()).as(endpoint + " with a wrong token").isEqualTo(401);
            assertThat(bad.error()).contains("not valid");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readEndpoints")
    void unknownObjectsAreNotFoundWithAHint(Endpoint endpoint) {
        TestServer.Response response = server.send(endpoint.method(), endpoint.path(), null, null, server.adminToken());
        assertThat(response.status()).isIn(200, 404);
        if (response.status() == 404) {
            assertThat(response.error()).containsAnyOf("steward agents list", "steward modules apply", "steward jobs list");
        }
    }

    @org.junit.jupiter.api.Test
    void agentMessagesWithBadFieldsAreRefusedByPath() {
        String batch = """
                {"messages":[{"type":"run_finished","result":{"run_id":"not-a-uuid","status":"succeeded","tasks":[],
                "started_at":null,"finished_at":null}}]}""";
        TestServer.Response response = server.send(agent, "POST", "/agent/v1/exchange", "application/json",
                batch.getBytes(StandardCharsets.UTF_8), null);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("messages[0].result.run_id");

        String unknownType = "{\"messages\":[{\"type\":\"format_disk\"}]}";
        response = server.send(agent, "POST", "/agent/v1/exchange", "application/json",
                unknownType.getBytes(StandardCharsets.UTF_8), null);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("format_disk");

        String running = """
                {"messages":[{"type":"run_finished","result":{"run_id":"0f8fad5b-d9cb-469f-a165-70867728950e",
                "status":"running","tasks":[],"started_at":null,"finished_at":null}}]}""";
        response = server.send(agent, "POST", "/agent/v1/exchange", "application/json",
                running.getBytes(StandardCharsets.UTF_8), null);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).contains("messages[0].result.status");
        assertStillServing();
    }

    @org.junit.jupiter.api.Test
    void thePushChannelAnswersGarbageWithAnErrorAndKeepsServing() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        java.net.http.WebSocket socket = agent.newWebSocketBuilder().buildAsync(
                java.net.URI.create("wss://127.0.0.1:" + server.url().getPort() + "/agent/v1/push"),
                new java.net.http.WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data,
                            boolean last) {
                        text.append(data);
                        if (last) {
                            received.add(text.toString());
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, java.util.concurrent.TimeUnit.SECONDS);

        socket.sendText("this is not json", true).get(10, java.util.concurrent.TimeUnit.SECONDS);
        com.fasterxml.jackson.databind.JsonNode refusal = dev.steward.protocol.Wire.json().readTree(
                received.poll(10, java.util.concurrent.TimeUnit.SECONDS));
        assertThat(refusal.get("error").get("status").asInt()).isEqualTo(400);
        assertThat(refusal.get("error").get("error").asText()).contains("malformed");

        socket.sendText("{\"id\":\"b1\",\"messages\":[{\"type\":\"run_started\",\"run_id\":\"nope\"}]}", true)
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        com.fasterxml.jackson.databind.JsonNode byPath = dev.steward.protocol.Wire.json().readTree(
                received.poll(10, java.util.concurrent.TimeUnit.SECONDS));
        assertThat(byPath.get("ack").asText()).isEqualTo("b1");
        assertThat(byPath.get("error").get("error").asText()).contains("messages[0].run_id");

        socket.sendText("{\"id\":\"b2\",\"messages\":[]}", true).get(10, java.util.concurrent.TimeUnit.SECONDS);
        com.fasterxml.jackson.databind.JsonNode ack = dev.steward.protocol.Wire.json().readTree(
                received.poll(10, java.util.concurrent.TimeUnit.SECONDS));
        assertThat(ack.get("ack").asText()).isEqualTo("b2");
        assertThat(ack.get("error").isNull()).isTrue();
        socket.abort();
        assertStillServing();
    }

    @org.junit.jupiter.api.Test
    void thePushChannelRefusesAnUpgradeWithoutAClientCertificate() {
        HttpClient anonymous = HttpClient.newBuilder().sslContext(server.adminTls()).build();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> anonymous.newWebSocketBuilder()
                .buildAsync(java.net.URI.create("wss://127.0.0.1:" + server.url().getPort() + "/agent/v1/push"),
                        new java.net.http.WebSocket.Listener() { }).get(10, java.util.concurrent.TimeUnit.SECONDS)).getCause())
                .isInstanceOfSatisfying(java.net.http.WebSocketHandshakeException.class,
                        refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(401));
        assertStillServing();
    }

    @org.junit.jupiter.api.Test
    void unknownPathsAndMethodsAnswerJson() {
        TestServer.Response missing = server.send("GET", "/no/such/thing", null, null, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error()).contains("no such endpoint");
        TestServer.Response method = server.send("DELETE", "/api/v1/health", null, null, null);
        assertThat(method.status()).isBetween(404, 405);
        assertThat(method.error()).isNotBlank();
    }

    private static void assertClientError(TestServer.Response response, Endpoint endpoint, String what) {
        assertThat(response.status()).as(endpoint + " with " + what).isBetween(400, 499);
        assertThat(response.error()).as(endpoint + " with " + what + ": a message").isNotBlank();
    }

    private void assertStillServing() {
        TestServer.Response health = server.send("GET", "/api/v1/health", null, null, null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("ok");
    }
}
