package dev.steward.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.protocol.Wire;
import dev.steward.server.TestDatastores;
import dev.steward.server.TestServer;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A service provider with two customers: customer B's admin token must neither see nor touch anything
 * of customer A's, whatever it guesses, and B's agent cannot report on A's runs.
 */
class TenantIsolationTest {
    private static final String MODULE = "name: secret-module\ntasks:\n  - name: t\n    command: [\"true\"]\n";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void tenantsCannotSeeOrTouchEachOther(String datastore, @TempDir Path dir) throws Exception {
        try (TestServer server = new TestServer(dir, TestDatastores.create(datastore, dir))) {
            String provider = server.adminToken();
            String tokenA = created(server.json("POST", "/api/v1/tenants", Map.of("name", "customer-a"), provider)).get("admin_token").asText();
            String tokenB = created(server.json("POST", "/api/v1/tenants", Map.of("name", "customer-b"), provider)).get("admin_token").asText();

            HttpClient agentA = server.enrolledAgent("shared-name", server.createEnrollToken(tokenA));
            HttpClient agentB = server.enrolledAgent("shared-name", server.createEnrollToken(tokenB));
            assertThat(server.send("POST", "/api/v1/modules", "application/yaml", MODULE.getBytes(StandardCharsets.UTF_8), tokenA).status())
                    .isEqualTo(201);
            JsonNode jobA = created(server.json("POST", "/api/v1/jobs?runs=true",
                    Map.of("module", "secret-module", "targets", List.of("shared-name")), tokenA));
            String jobId = jobA.get("id").asText();
            String agentAId = jobA.get("runs").get(0).get("agent_id").asText();

            // B sees only its own agent, and none of A's modules or jobs.
            JsonNode agentsB = server.send("GET", "/api/v1/agents", null, null, tokenB).body();
            assertThat(agentsB).hasSize(1);
            assertThat(agentsB.get(0).get("id").asText()).isNotEqualTo(agentAId);
            assertThat(server.send("GET", "/api/v1/modules", null, null, tokenB).body()).isEmpty();
            assertThat(server.send("GET", "/api/v1/jobs", null, null, tokenB).body()).isEmpty();
            assertThat(server.send("GET", "/api/v1/modules/secret-module", null, null, tokenB).status()).isEqualTo(404);
            assertThat(server.send("GET", "/api/v1/jobs/" + jobId, null, null, tokenB).status()).isEqualTo(404);
            assertThat(server.json("POST", "/api/v1/jobs/" + jobId + "/cancel", Map.of(), tokenB).status()).isEqualTo(404);
            assertThat(server.json("POST", "/api/v1/jobs", Map.of("module", "secret-module", "targets", List.of("shared-name")),
                    tokenB).status()).isEqualTo(404);
            assertThat(server.send("GET", "/api/v1/enroll-tokens", null, null, tokenB).body()).hasSize(1);

            // B cannot act as the provider: no tenants, no tokens into A.
            assertThat(server.send("GET", "/api/v1/tenants", null, null, tokenB).status()).isEqualTo(403);
            assertThat(server.json("POST", "/api/v1/tenants", Map.of("name", "sneaky"), tokenB).status()).isEqualTo(403);
            assertThat(server.json("POST", "/api/v1/enroll-tokens", Map.of("tenant", "customer-a"), tokenB).status()).isEqualTo(403);

            // Revoking "shared-name" as B revokes B's agent, never A's.
            assertThat(server.json("POST", "/api/v1/agents/shared-name/revoke", Map.of(), tokenB).status()).isEqualTo(200);
            JsonNode agentsA = server.send("GET", "/api/v1/agents", null, null, tokenA).body();
            assertThat(agentsA.get(0).get("status").asText()).isNotEqualTo("revoked");

            // A's agent is offered A's run; B's (revoked) agent is refused outright.
            JsonNode work = server.send(agentA, "POST", "/agent/v1/exchange", "application/json", ("{\"messages\":[{\"type\":"
                    + "\"check_in\",\"agent_version\":\"t\",\"hostname\":\"h\",\"os\":\"o\",\"poll_interval_seconds\":60,"
                    + "\"settings_hash\":null}]}").getBytes(StandardCharsets.UTF_8), null).body();
            String runId = java.util.stream.StreamSupport.stream(work.get("messages").spliterator(), false)
                    .filter(m -> m.get("type").asText().equals("assign_run")).findFirst().orElseThrow()
                    .get("run_id").asText();
            assertThat(server.send(agentB, "POST", "/agent/v1/exchange", "application/json",
                    "{\"messages\":[]}".getBytes(StandardCharsets.UTF_8), null).status()).isEqualTo(403);

            // A's run cannot be finished by another tenant's (live) agent either.
            HttpClient intruder = server.enrolledAgent("intruder", server.createEnrollToken(tokenB));
            byte[] forged = Wire.json().writeValueAsBytes(Map.of("messages", List.of(Map.of("type", "run_finished",
                    "result", Map.of("run_id", runId, "status", "succeeded", "tasks", List.of(Map.of("name", "t",
                            "status", "succeeded", "exit_code", 0, "stdout", "forged", "stderr", "")))))));
            assertThat(server.send(intruder, "POST", "/agent/v1/exchange", "application/json", forged, null).status()).isEqualTo(200);
            JsonNode job = server.send("GET", "/api/v1/jobs/" + jobId, null, null, tokenA).body();
            assertThat(job.get("runs").get(0).get("status").asText()).isEqualTo("pending");
            assertThat(job.get("runs").get(0).get("tasks")).isEmpty();
        }
    }

    private static JsonNode created(TestServer.Response response) {
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(201);
        return response.body();
    }
}
