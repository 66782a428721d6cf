package dev.steward.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.server.TestDatastores;
import dev.steward.server.TestServer;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Trusts decide at execution, in a real server over real TLS: a customer's module reaches the customer's
 * agent only with full trust both ways, a resource without trust is refused per task (and cannot be
 * downloaded), a trust removed after the job was created blocks it, and Trusts Security's three states
 * decide whether trusts apply and who may configure them.
 */
class TrustAtExecutionTest {
    private static final String MODULE = """
            name: deploy
            tasks:
              - name: config
                deliver: {resource: app.conf, path: /tmp/steward-test/app.conf, mode: "0640"}
                on_error: continue
              - name: restart
                command: ["true"]
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void trustsAreEvaluatedWhenTheRunIsHandedOut(String datastore, @TempDir Path dir) {
        try (TestServer server = new TestServer(dir, TestDatastores.create(datastore, dir))) {
            String provider = server.adminToken();
            String acme = tenant(server, provider, "acme");
            String other = tenant(server, provider, "other");
            HttpClient web1 = server.enrolledAgent("web-1", server.createEnrollToken(acme));
            HttpClient db1 = server.enrolledAgent("db-1", server.createEnrollToken(acme));
            server.enrolledAgent("web-1", server.createEnrollToken(other));

            for (String kind : List.of("team", "module", "resource")) {
                ok(server.json("POST", "/api/v1/folders", Map.of("kind", kind, "path", "/Acme"), acme), 201);
            }
            ok(server.json("POST", "/api/v1/teams", Map.of("name", "acme-web", "folder", "/Acme"), acme), 201);
            ok(server.json("POST", "/api/v1/teams/acme-web/primary", Map.of("agents", List.of("web-1")), acme), 200);
            JsonNode resource = ok(server.send("POST", "/api/v1/resources?name=app.conf&folder=/Acme", "application/octet-stream",
                    "hello".getBytes(StandardCharsets.UTF_8), acme), 201);
            String sha = resource.get("sha256").asText();
            ok(server.send("POST", "/api/v1/modules?folder=/Acme", "application/yaml", MODULE.getBytes(StandardCharsets.UTF_8),
                    acme), 201);
            ok(server.json("POST", "/api/v1/trusts/security", Map.of("trusts_security", "enabled"), acme), 200);

            // Nothing configured: the module is refused on the agent, naming both sides and both missing directions.
            String job1 = run(server, acme, "web-1");
            assertThat(assignments(server.checkIn(web1))).isEmpty();
            JsonNode refused = onlyRun(server, acme, job1);
            assertThat(refused.get("status").asText()).isEqualTo("failed");
            assertThat(refused.get("error").asText()).startsWith("breach of trust").contains("deploy").contains("web-1")
                    .contains("does not trust");

            // Module trusted both ways (each side inherited from a folder or team), the resource not: the task is refused.
            trust(server, acme, "team", "acme-web", "module_folder", "/Acme", 201);
            trust(server, acme, "module_folder", "/Acme", "team_folder", "/Acme", 201);
            String job2 = run(server, acme, "web-1");
            JsonNode assign = single(assignments(server.checkIn(web1)));
            JsonNode deliver = assign.get("module").get("tasks").get(0);
            assertThat(deliver.get("refused").asText()).startsWith("breach of trust").contains("resource");
            assertThat(deliver.get("resource").get("sha256").asText()).isEqualTo(sha);
            assertThat(assign.get("module").get("tasks").get(1).has("refused")).isFalse();
            String run2 = assign.get("run_id").asText();
            assertThat(server.raw(web1, "GET", "/agent/v1/resources/" + sha + "?run=" + run2, null, null, null).status())
                    .isEqualTo(403);
            assertThat(onlyRun(server, acme, job2).get("status").asText()).isEqualTo("pending");

            // With the resource trusted both ways the agent may fetch exactly its bytes; another agent may not.
            trust(server, acme, "team_folder", "/Acme", "resource_folder", "/Acme", 201);
            trust(server, acme, "resource", "app.conf", "team", "acme-web", 201);
            run(server, acme, "web-1");
            JsonNode assign3 = assignments(server.checkIn(web1)).stream()
                    .filter(a -> !a.get("run_id").asText().equals(run2)).findFirst().orElseThrow();
            assertThat(assign3.get("module").get("tasks").get(0).has("refused")).isFalse();
            String run3 = assign3.get("run_id").asText();
            TestServer.RawResponse download = server.raw(web1, "GET", "/agent/v1/resources/" + sha + "?run=" + run3, null, null, null);
            assertThat(download.status()).isEqualTo(200);
            assertThat(download.text()).isEqualTo("hello");
            assertThat(server.raw(db1, "GET", "/agent/v1/resources/" + sha + "?run=" + run3, null, null, null).status())
                    .isEqualTo(403);
            // Replacing the resource does not pull the rug from under a run already offered its content.
            String newSha = ok(server.send("POST", "/api/v1/resources?name=app.conf", "application/octet-stream",
                    "hello again".getBytes(StandardCharsets.UTF_8), acme), 201).get("sha256").asText();
            assertThat(server.raw(web1, "GET", "/agent/v1/resources/" + sha + "?run=" + run3, null, null, null).text())
                    .isEqualTo("hello");
            assertThat(server.raw(web1, "GET", "/agent/v1/resources/" + newSha + "?run=" + run3, null, null, null).status())
                    .isEqualTo(403);

            // db-1 has no primary team: nothing covers it, so the same module is refused there.
            String jobDb = run(server, acme, "db-1");
            assertThat(assignments(server.checkIn(db1))).isEmpty();
            assertThat(onlyRun(server, acme, jobDb).get("error").asText()).startsWith("breach of trust");

            // explain shows both directions and where each is inherited from.
            JsonNode explain = ok(server.send("GET", "/api/v1/trusts/explain?agent=web-1&module=deploy", null, null, acme), 200);
            assertThat(explain.get("decision").asText()).isEqualTo("allowed");
            assertThat(explain.get("agent_side").get("held_by").asText()).isEqualTo("acme-web");
            assertThat(explain.get("agent_side").get("inherited").asBoolean()).isTrue();
            assertThat(explain.get("agent_side").get("names").asText()).isEqualTo("/Acme");
            assertThat(explain.get("object_side").get("held_by_kind").asText()).isEqualTo("module_folder");
            assertThat(explain.get("object_side").get("names_kind").asText()).isEqualTo("team_folder");

            // A trust removed after a run was offered (the agent may hold it): the run is cancelled with the
            // breach, and the agent is told to drop it.
            String offeredJob = run(server, acme, "web-1");
            String offeredRun = assignments(server.checkIn(web1)).stream().filter(a -> a.get("job_id").asText().equals(offeredJob))
                    .findFirst().orElseThrow().get("run_id").asText();
            trust(server, acme, "team", "acme-web", "module_folder", "/Acme", 0);
            JsonNode afterRemoval = server.checkIn(web1);
            assertThat(StreamSupport.stream(afterRemoval.spliterator(), false)
                    .filter(m -> m.get("type").asText().equals("cancel_run")).map(m -> m.get("run_id").asText()))
                    .contains(offeredRun);
            assertThat(assignments(afterRemoval)).isEmpty();
            JsonNode cancelled = onlyRun(server, acme, offeredJob);
            assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
            assertThat(cancelled.get("error").asText()).startsWith("breach of trust");
            // The agent confirms the cancel with its own reason; the breach stays the recorded one.
            assertThat(server.send(web1, "POST", "/agent/v1/exchange", "application/json", ("{\"messages\":[{\"type\":"
                    + "\"run_finished\",\"result\":{\"run_id\":\"" + offeredRun + "\",\"status\":\"cancelled\",\"tasks\":[],"
                    + "\"error\":\"cancelled before the agent started it\"}}]}").getBytes(StandardCharsets.UTF_8), null).status())
                    .isEqualTo(200);
            JsonNode confirmed = onlyRun(server, acme, offeredJob);
            assertThat(confirmed.get("finished_at").isNull()).isFalse();
            assertThat(confirmed.get("error").asText()).startsWith("breach of trust");

            // A trust removed after the job was created, before it was offered, fails it: evaluated at execution.
            String job4 = run(server, acme, "web-1");
            server.checkIn(web1);
            JsonNode blocked = onlyRun(server, acme, job4);
            assertThat(blocked.get("status").asText()).isEqualTo("failed");
            assertThat(blocked.get("error").asText()).contains("agent").contains("does not trust");
            JsonNode explainRefused = ok(server.send("GET", "/api/v1/trusts/explain?agent=web-1&module=deploy", null, null, acme), 200);
            assertThat(explainRefused.get("decision").asText()).isEqualTo("refused");
            assertThat(explainRefused.get("agent_side").get("trusted").asBoolean()).isFalse();
            assertThat(explainRefused.get("agent_side").get("searched").toString()).contains("acme-web").contains("/Acme");

            // A module's folder belongs to the module, not to one version: re-applied at the root, the module
            // folder's trusts no longer cover it (for any version).
            trust(server, acme, "team", "acme-web", "module_folder", "/Acme", 201);
            assertThat(ok(server.send("GET", "/api/v1/trusts/explain?agent=web-1&module=deploy", null, null, acme), 200)
                    .get("decision").asText()).isEqualTo("allowed");
            ok(server.send("POST", "/api/v1/modules?folder=/", "application/yaml", MODULE.getBytes(StandardCharsets.UTF_8), acme), 201);
            JsonNode atRoot = ok(server.send("GET", "/api/v1/trusts/explain?agent=web-1&module=deploy", null, null, acme), 200);
            assertThat(atRoot.get("decision").asText()).isEqualTo("refused");
            assertThat(atRoot.get("object_side").get("searched").toString()).doesNotContain("/Acme");
            ok(server.send("POST", "/api/v1/modules?folder=/Acme", "application/yaml", MODULE.getBytes(StandardCharsets.UTF_8), acme), 201);

            // configure-only: trusts are kept but not applied.
            ok(server.json("POST", "/api/v1/trusts/security", Map.of("trusts_security", "configure-only"), acme), 200);
            run(server, acme, "web-1");
            assertThat(assignments(server.checkIn(web1))).isNotEmpty();

            // Who may configure: an operator only once Trusts Security is no longer disabled.
            String operator = ok(server.json("POST", "/api/v1/admin-tokens", Map.of("name", "ops", "role", "operator"), acme), 201)
                    .get("token").asText();
            ok(server.json("POST", "/api/v1/trusts/security", Map.of("trusts_security", "disabled"), acme), 200);
            assertThat(server.json("POST", "/api/v1/trusts", request("team", "acme-web", "module", "deploy"), operator).status())
                    .isEqualTo(403);
            assertThat(server.json("POST", "/api/v1/trusts/security", Map.of("trusts_security", "enabled"), operator).status())
                    .isEqualTo(403);
            trust(server, acme, "team", "acme-web", "module", "deploy", 201);
            ok(server.json("POST", "/api/v1/trusts/security", Map.of("trusts_security", "configure-only"), acme), 200);
            assertThat(server.json("POST", "/api/v1/trusts", request("agent", "db-1", "module", "deploy"), operator).status())
                    .isEqualTo(201);

            // Another tenant cannot name acme's objects at all.
            assertThat(server.json("POST", "/api/v1/trusts", request("team", "acme-web", "module_folder", "/Acme"), other).status())
                    .isEqualTo(404);
            assertThat(server.send("GET", "/api/v1/trusts", null, null, other).body()).isEmpty();
            assertThat(server.send("GET", "/api/v1/trusts/explain?agent=db-1&module=deploy", null, null, other).status())
                    .isEqualTo(404);
        }
    }

    private static String tenant(TestServer server, String provider, String name) {
        return ok(server.json("POST", "/api/v1/tenants", Map.of("name", name), provider), 201).get("admin_token").asText();
    }

    private static String run(TestServer server, String token, String agent) {
        return ok(server.json("POST", "/api/v1/jobs", Map.of("module", "deploy", "targets", List.of(agent)), token), 201)
                .get("id").asText();
    }

    private static Map<String, String> request(String holderKind, String holder, String targetKind, String target) {
        return Map.of("holder_kind", holderKind, "holder", holder, "target_kind", targetKind, "target", target);
    }

    /** Adds a trust (expect 201), or removes it (expect 0). */
    private static void trust(TestServer server, String token, String holderKind, String holder, String targetKind, String target,
            int expect) {
        if (expect == 0) {
            assertThat(server.json("POST", "/api/v1/trusts/remove", request(holderKind, holder, targetKind, target), token).status())
                    .isEqualTo(204);
        } else {
            ok(server.json("POST", "/api/v1/trusts", request(holderKind, holder, targetKind, target), token), expect);
        }
    }

    private static JsonNode onlyRun(TestServer server, String token, String jobId) {
        return single(StreamSupport.stream(ok(server.send("GET", "/api/v1/jobs/" + jobId, null, null, token), 200).get("runs")
                .spliterator(), false).toList());
    }

    private static List<JsonNode> assignments(JsonNode messages) {
        return StreamSupport.stream(messages.spliterator(), false).filter(m -> m.get("type").asText().equals("assign_run")).toList();
    }

    private static JsonNode single(List<JsonNode> nodes) {
        assertThat(nodes).hasSize(1);
        return nodes.getFirst();
    }

    static JsonNode ok(TestServer.Response response, int status) {
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(status);
        return response.body();
    }
}
