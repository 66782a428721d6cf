package dev.steward.server.trust;

import static dev.steward.server.trust.TrustAtExecutionTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.protocol.Wire;
import dev.steward.server.TestDatastores;
import dev.steward.server.TestServer;
import dev.steward.server.store.DatastoreConfig;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gate caches each tenant's trees and trusts by trust version: every change that can alter a decision
 * must be seen by the very next admission (a run offered at the next check-in), on this node and on any
 * other node sharing the datastore. Each step first admits once, so the cache is warm when the change lands.
 */
class TrustCacheTest {
    private static final String MODULE = """
            name: hello
            tasks:
              - name: greet
                command: ["true"]
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void theNextAdmissionSeesEveryChange(String datastore, @TempDir Path dir) throws Exception {
        try (TestServer server = new TestServer(dir, TestDatastores.create(datastore, dir))) {
            String acme = ok(server.json("POST", "/api/v1/tenants", Map.of("name", "acme"), server.adminToken()), 201)
                    .get("admin_token").asText();
            HttpClient web1 = server.enrolledAgent("web-1", server.createEnrollToken(acme));
            setUp(server, acme);
            Admissions web = new Admissions(server, acme, web1, "web-1");
            assertThat(web.admitted()).as("fully trusted").isTrue();

            // A trust removed, then added again.
            trust(server, acme, "team", "web", "module_folder", "/Acme", false);
            assertThat(web.admitted()).as("agent side removed").isFalse();
            trust(server, acme, "team", "web", "module_folder", "/Acme", true);
            assertThat(web.admitted()).as("agent side added back").isTrue();

            // A team folder moved out from under the folder the module trusts, then back.
            ok(server.json("POST", "/api/v1/folders/move", Map.of("kind", "team", "path", "/Acme/Web", "to", "/"), acme), 200);
            assertThat(web.admitted()).as("team folder moved out of /Acme").isFalse();
            ok(server.json("POST", "/api/v1/folders/move", Map.of("kind", "team", "path", "/Web", "to", "/Acme"), acme), 200);
            assertThat(web.admitted()).as("team folder moved back").isTrue();

            // The team moved to another folder, then back.
            ok(server.json("POST", "/api/v1/teams/web/move", Map.of("folder", "/"), acme), 200);
            assertThat(web.admitted()).as("team moved to the root").isFalse();
            ok(server.json("POST", "/api/v1/teams/web/move", Map.of("folder", "/Acme/Web"), acme), 200);
            assertThat(web.admitted()).as("team moved back").isTrue();

            // The agent's primary team cleared, then set again (explicit membership alone carries no trust).
            assertThat(server.json("POST", "/api/v1/primary-team/clear", Map.of("agents", List.of("web-1")), acme).status())
                    .isEqualTo(204);
            assertThat(web.admitted()).as("no primary team").isFalse();
            ok(server.json("POST", "/api/v1/teams/web/primary", Map.of("agents", List.of("web-1")), acme), 200);
            assertThat(web.admitted()).as("primary team again").isTrue();

            // The module moved out of the trusted folder (re-applied at the root), then back.
            module(server, acme, "/");
            assertThat(web.admitted()).as("module at the root").isFalse();
            module(server, acme, "/Acme");
            assertThat(web.admitted()).as("module back in /Acme").isTrue();

            // Trusts Security toggled: without the trust, only "enabled" refuses.
            trust(server, acme, "module_folder", "/Acme", "team_folder", "/Acme", false);
            assertThat(web.admitted()).as("object side removed").isFalse();
            security(server, acme, "configure-only");
            assertThat(web.admitted()).as("configure-only applies no trusts").isTrue();
            security(server, acme, "enabled");
            assertThat(web.admitted()).as("enabled again").isFalse();
            trust(server, acme, "module_folder", "/Acme", "team_folder", "/Acme", true);
            assertThat(web.admitted()).as("object side added back").isTrue();

            // A trust on the agent itself puts it in a class of its own: a second agent in the same team is
            // not carried along by it.
            HttpClient web2 = server.enrolledAgent("web-2", server.createEnrollToken(acme));
            ok(server.json("POST", "/api/v1/teams/web/primary", Map.of("agents", List.of("web-2")), acme), 200);
            Admissions other = new Admissions(server, acme, web2, "web-2");
            trust(server, acme, "team", "web", "module_folder", "/Acme", false);
            trust(server, acme, "agent", "web-1", "module", "hello", true);
            Map<String, Boolean> both = fanOut(server, acme, Map.of("web-1", web1, "web-2", web2));
            assertThat(both).containsEntry("web-1", true).containsEntry("web-2", false);
            assertThat(other.admitted()).isFalse();
            trust(server, acme, "team", "web", "module_folder", "/Acme", true);
            assertThat(other.admitted()).isTrue();
        }
    }

    /** Two nodes share one PostgreSQL: a trust removed through one node refuses at once on the other. */
    @Test
    void aChangeOnOneNodeIsSeenByTheOther(@TempDir Path dir) throws Exception {
        DatastoreConfig shared = TestDatastores.postgres();
        try (TestServer agentsNode = new TestServer(dir, shared)) {
            String acme = ok(agentsNode.json("POST", "/api/v1/tenants", Map.of("name", "acme"), agentsNode.adminToken()), 201)
                    .get("admin_token").asText();
            HttpClient web1 = agentsNode.enrolledAgent("web-1", agentsNode.createEnrollToken(acme));
            setUp(agentsNode, acme);
            Admissions web = new Admissions(agentsNode, acme, web1, "web-1");
            assertThat(web.admitted()).isTrue();
            // The second node uses the same data directory (CA, first admin token) and the same datastore.
            try (TestServer adminNode = new TestServer(dir, shared)) {
                trust(adminNode, acme, "team", "web", "module_folder", "/Acme", false);
                assertThat(web.admitted()).as("removed on the other node").isFalse();
                trust(adminNode, acme, "team", "web", "module_folder", "/Acme", true);
                assertThat(web.admitted()).as("added on the other node").isTrue();
                ok(adminNode.json("POST", "/api/v1/folders/move", Map.of("kind", "team", "path", "/Acme/Web", "to", "/"), acme), 200);
                assertThat(web.admitted()).as("moved on the other node").isFalse();
                security(adminNode, acme, "disabled");
                assertThat(web.admitted()).as("disabled on the other node").isTrue();
            }
        }
    }

    /**
     * Team web in team folder /Acme/Web, web-1 its primary member, module hello in module folder /Acme,
     * full trust: team web → module folder /Acme, module folder /Acme → team folder /Acme. Trusts enabled.
     */
    private static void setUp(TestServer server, String token) {
        ok(server.json("POST", "/api/v1/folders", Map.of("kind", "team", "path", "/Acme/Web", "parents", true), token), 201);
        ok(server.json("POST", "/api/v1/folders", Map.of("kind", "module", "path", "/Acme"), token), 201);
        ok(server.json("POST", "/api/v1/teams", Map.of("name", "web", "folder", "/Acme/Web"), token), 201);
        ok(server.json("POST", "/api/v1/teams/web/primary", Map.of("agents", List.of("web-1")), token), 200);
        module(server, token, "/Acme");
        trust(server, token, "team", "web", "module_folder", "/Acme", true);
        trust(server, token, "module_folder", "/Acme", "team_folder", "/Acme", true);
        security(server, token, "enabled");
    }

    private static void module(TestServer server, String token, String folder) {
        ok(server.send("POST", "/api/v1/modules?folder=" + folder, "application/yaml", MODULE.getBytes(StandardCharsets.UTF_8),
                token), 201);
    }

    private static void security(TestServer server, String token, String value) {
        ok(server.json("POST", "/api/v1/trusts/security", Map.of("trusts_security", value), token), 200);
    }

    private static void trust(TestServer server, String token, String holderKind, String holder, String targetKind,
            String target, boolean add) {
        Map<String, String> body = Map.of("holder_kind", holderKind, "holder", holder, "target_kind", targetKind, "target", target);
        if (add) {
            ok(server.json("POST", "/api/v1/trusts", body, token), 201);
        } else {
            assertThat(server.json("POST", "/api/v1/trusts/remove", body, token).status()).isEqualTo(204);
        }
    }

    /** One job on several agents; each checks in: who was offered the run. */
    private static Map<String, Boolean> fanOut(TestServer server, String token, Map<String, HttpClient> agents) throws Exception {
        String jobId = ok(server.json("POST", "/api/v1/jobs", Map.of("module", "hello", "targets", List.copyOf(agents.keySet())),
                token), 201).get("id").asText();
        Map<String, Boolean> offered = new java.util.HashMap<>();
        for (Map.Entry<String, HttpClient> agent : agents.entrySet()) {
            JsonNode assignment = assignmentFor(server.checkIn(agent.getValue()), jobId);
            offered.put(agent.getKey(), assignment != null);
            if (assignment != null) {
                finish(server, agent.getValue(), assignment);
            }
        }
        return offered;
    }

    /** Runs the module on one agent and checks in: offered (then finished, so runs never pile up) or refused. */
    private record Admissions(TestServer server, String token, HttpClient agent, String name) {
        boolean admitted() throws Exception {
            String jobId = ok(server.json("POST", "/api/v1/jobs", Map.of("module", "hello", "targets", List.of(name)), token), 201)
                    .get("id").asText();
            JsonNode assignment = assignmentFor(server.checkIn(agent), jobId);
            JsonNode run = ok(server.send("GET", "/api/v1/jobs/" + jobId, null, null, token), 200).get("runs").get(0);
            if (assignment == null) {
                assertThat(run.get("status").asText()).isEqualTo("failed");
                assertThat(run.get("error").asText()).startsWith("breach of trust").contains(name);
                return false;
            }
            finish(server, agent, assignment);
            return true;
        }
    }

    private static JsonNode assignmentFor(JsonNode messages, String jobId) {
        return StreamSupport.stream(messages.spliterator(), false)
                .filter(m -> m.get("type").asText().equals("assign_run") && m.get("job_id").asText().equals(jobId))
                .findFirst().orElse(null);
    }

    private static void finish(TestServer server, HttpClient agent, JsonNode assignment) throws Exception {
        byte[] body = Wire.json().writeValueAsBytes(Map.of("messages", List.of(Map.of("type", "run_finished",
                "result", Map.of("run_id", assignment.get("run_id").asText(), "status", "succeeded", "tasks",
                        List.of(Map.of("name", "greet", "status", "succeeded", "exit_code", 0, "stdout", "", "stderr", "")))))));
        assertThat(server.send(agent, "POST", "/agent/v1/exchange", "application/json", body, null).status()).isEqualTo(200);
    }
}
