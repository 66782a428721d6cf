package dev.steward.server.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.server.TestDatastores;
import dev.steward.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Creating a job answers a summary (the job's own fields, run counts by status, the total) and lists the
 * runs only when asked with {@code ?runs=true}; then it is the job view plus the counts.
 */
class JobCreationAnswerTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void theAnswerCountsRunsAndListsThemOnlyWhenAsked(String datastore, @TempDir Path dir) {
        try (TestServer server = new TestServer(dir, TestDatastores.create(datastore, dir))) {
            String token = server.adminToken();
            for (String agent : List.of("a1", "a2", "a3")) {
                server.enrolledAgent(agent, server.createEnrollToken(token));
            }
            ok(server.send("POST", "/api/v1/modules", "application/yaml",
                    "name: hello\ntasks:\n  - name: t\n    command: [\"true\"]\n".getBytes(StandardCharsets.UTF_8), token), 201);
            Map<String, Object> request = Map.of("module", "hello", "targets", List.of("a1", "a2", "a3"));

            JsonNode summary = ok(server.json("POST", "/api/v1/jobs", request, token), 201);
            assertThat(summary.has("runs")).as("no runs unless asked for: %s", summary).isFalse();
            assertThat(summary.get("run_counts").toString()).isEqualTo("{\"pending\":3}");
            assertThat(summary.get("runs_total").asInt()).isEqualTo(3);
            JsonNode shown = ok(server.send("GET", "/api/v1/jobs/" + summary.get("id").asText(), null, null, token), 200);
            for (String field : List.of("id", "module", "module_version", "status", "created_at", "kind", "name")) {
                assertThat(summary.get(field)).as(field).isEqualTo(shown.get(field));
                assertThat(summary.get(field).isNull()).as(field).isFalse();
            }
            assertThat(shown.get("runs")).hasSize(3);
            assertThat(ok(server.json("POST", "/api/v1/jobs?runs=false", request, token), 201).has("runs")).isFalse();

            JsonNode withRuns = ok(server.json("POST", "/api/v1/jobs?runs=true", request, token), 201);
            JsonNode again = ok(server.send("GET", "/api/v1/jobs/" + withRuns.get("id").asText(), null, null, token), 200);
            // Every field of the job view, runs included, plus the counts.
            again.fieldNames().forEachRemaining(field -> assertThat(withRuns.get(field)).as(field).isEqualTo(again.get(field)));
            assertThat(StreamSupport.stream(withRuns.get("runs").spliterator(), false).map(r -> r.get("agent").asText()))
                    .containsExactlyInAnyOrder("a1", "a2", "a3");
            assertThat(withRuns.get("run_counts").toString()).isEqualTo("{\"pending\":3}");
            assertThat(withRuns.get("runs_total").asInt()).isEqualTo(3);

            TestServer.Response bad = server.json("POST", "/api/v1/jobs?runs=yes", request, token);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.error()).contains("'runs' must be true or false").contains("yes");
            // Refused before anything was created.
            assertThat(ok(server.send("GET", "/api/v1/jobs", null, null, token), 200)).hasSize(3);
        }
    }

    private static JsonNode ok(TestServer.Response response, int status) {
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(status);
        return response.body();
    }
}
