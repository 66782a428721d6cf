package dev.steward.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.server.TestDatastores;
import dev.steward.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Admin tokens with roles: issued by full-access admins only, listed without secrets, revoked at once, schedules included. */
class AdminTokensTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void tokensAreIssuedListedAndRevokedWithTheirSchedules(String datastore, @TempDir Path dir) throws Exception {
        try (TestServer server = new TestServer(dir, TestDatastores.create(datastore, dir))) {
            String admin = server.adminToken();
            server.enrolledAgent("a1", server.createEnrollToken(admin));
            assertThat(server.send("POST", "/api/v1/modules", "application/yaml",
                    "name: m\ntasks:\n  - name: t\n    command: [\"true\"]\n".getBytes(StandardCharsets.UTF_8), admin).status())
                    .isEqualTo(201);
            JsonNode operator = created(server.json("POST", "/api/v1/admin-tokens", Map.of("name", "ops", "role", "operator"), admin));
            JsonNode viewer = created(server.json("POST", "/api/v1/admin-tokens", Map.of("name", "eyes", "role", "viewer"), admin));
            assertThat(server.json("POST", "/api/v1/admin-tokens", Map.of("name", "x", "role", "provider_admin"), admin).error())
                    .contains("tenant_admin, operator or viewer");
            assertThat(server.json("POST", "/api/v1/admin-tokens", Map.of("name", "x", "role", "operator"),
                    operator.get("token").asText()).status()).isEqualTo(403);
            assertThat(server.json("POST", "/api/v1/jobs", Map.of("module", "m", "targets", List.of("a1")),
                    viewer.get("token").asText()).status()).isEqualTo(403);

            JsonNode listed = server.send("GET", "/api/v1/admin-tokens", null, null, admin).body();
            assertThat(listed.toString()).contains("ops").contains("eyes").doesNotContain(operator.get("token").asText());

            // The operator schedules a job, then loses its token: the tick fires but runs nothing, and says why.
            String ops = operator.get("token").asText();
            assertThat(server.json("POST", "/api/v1/schedules", Map.of("name", "soon", "module", "m", "targets", List.of("a1"),
                    "at", Instant.now().plusSeconds(2).toString()), ops).status()).isEqualTo(201);
            assertThat(server.json("POST", "/api/v1/admin-tokens/" + operator.get("id").asText() + "/revoke", Map.of(), admin)
                    .status()).isEqualTo(200);
            assertThat(server.send("GET", "/api/v1/jobs", null, null, ops).status()).isEqualTo(401);
            JsonNode fire = null;
            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            while (fire == null && Instant.now().isBefore(deadline)) {
                JsonNode fires = server.send("GET", "/api/v1/schedules/soon", null, null, admin).body().get("fires");
                // A tick is claimed first and its outcome (job or note) recorded right after: wait for the outcome.
                boolean settled = !fires.isEmpty() && !(fires.get(0).get("note").isNull() && fires.get(0).get("job_id").isNull());
                fire = settled ? fires.get(0) : null;
                Thread.sleep(200);
            }
            assertThat(fire).as("the schedule fired and recorded its outcome").isNotNull();
            assertThat(fire.get("job_id").isNull()).isTrue();
            assertThat(fire.get("note").asText()).contains("not run").contains("revoked").contains("paused");
            assertThat(server.send("GET", "/api/v1/schedules/soon", null, null, admin).body().get("paused").asBoolean()).isTrue();
            assertThat(server.send("GET", "/api/v1/jobs", null, null, admin).body()).isEmpty();

            String self = server.send("GET", "/api/v1/admin-tokens", null, null, admin).body().get(0).get("id").asText();
            assertThat(server.json("POST", "/api/v1/admin-tokens/" + self + "/revoke", Map.of(), admin).error())
                    .contains("the token you are using");
        }
    }

    private static JsonNode created(TestServer.Response response) {
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(201);
        return response.body();
    }
}
