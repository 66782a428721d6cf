package dev.steward.server.job;

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
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Projects and run books in a real server: a run book's steps on different teams start in order and stop
 * at a failed step; a project's modules run in order per agent and stop at a failure unless marked
 * continue; targets may be teams and label selectors.
 */
class SequencedJobTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void runBookStepsRunInOrderAndStopOnFailure(String datastore, @TempDir Path dir) throws Exception {
        try (TestServer server = new TestServer(dir, TestDatastores.create(datastore, dir))) {
            String token = server.adminToken();
            HttpClient web = server.enrolledAgent("web-1", server.createEnrollToken(token));
            HttpClient db = server.enrolledAgent("db-1", server.createEnrollToken(token));
            server.checkIn(web);
            server.checkIn(db);
            for (String module : List.of("prepare", "migrate", "announce")) {
                ok(server.send("POST", "/api/v1/modules", "application/yaml",
                        ("name: " + module + "\ntasks:\n  - name: t\n    command: [\"true\"]\n").getBytes(StandardCharsets.UTF_8), token), 201);
            }
            ok(server.json("POST", "/api/v1/teams", Map.of("name", "web"), token), 201);
            ok(server.json("POST", "/api/v1/teams/web/members/add", Map.of("agents", List.of("web-1")), token), 200);
            ok(server.json("POST", "/api/v1/teams", Map.of("name", "linux", "rules", List.of("os=linux")), token), 201);
            ok(server.json("POST", "/api/v1/agents/db-1/labels", Map.of("set", Map.of("role", "db")), token), 200);
            ok(server.send("POST", "/api/v1/runbooks", "application/yaml", """
                    name: release
                    steps:
                      - module: prepare
                        targets: {teams: [web]}
                      - module: migrate
                        targets: {selector: role=db}
                      - module: announce
                        targets: {teams: [linux]}
                    """.getBytes(StandardCharsets.UTF_8), token), 201);

            // Success path: each step waits for the one before it, on other agents.
            JsonNode job = ok(server.json("POST", "/api/v1/jobs?runs=true", Map.of("runbook", "release"), token), 201);
            assertThat(job.get("kind").asText()).isEqualTo("runbook");
            assertThat(statuses(job)).containsExactly("0:prepare:web-1:pending", "1:migrate:db-1:waiting",
                    "2:announce:db-1:waiting", "2:announce:web-1:waiting");
            assertThat(job.get("run_counts").toString()).isEqualTo("{\"pending\":1,\"waiting\":3}");
            assertThat(job.get("runs_total").asInt()).isEqualTo(4);
            assertThat(assignments(server.checkIn(db))).isEmpty();
            finish(server, web, single(assignments(server.checkIn(web))), "succeeded");
            finish(server, db, single(assignments(server.checkIn(db))), "succeeded");
            finish(server, web, single(assignments(server.checkIn(web))), "succeeded");
            finish(server, db, single(assignments(server.checkIn(db))), "succeeded");
            JsonNode done = show(server, token, job.get("id").asText());
            assertThat(done.get("status").asText()).isEqualTo("succeeded");

            // Failure path: step 1 fails, so step 2 never runs and step 3 is skipped with the reason.
            JsonNode failing = ok(server.json("POST", "/api/v1/jobs", Map.of("runbook", "release"), token), 201);
            finish(server, web, single(assignments(server.checkIn(web))), "failed");
            assertThat(assignments(server.checkIn(db))).isEmpty();
            JsonNode stopped = show(server, token, failing.get("id").asText());
            assertThat(stopped.get("status").asText()).isEqualTo("failed");
            assertThat(statuses(stopped)).containsExactly("0:prepare:web-1:failed", "1:migrate:db-1:skipped",
                    "2:announce:db-1:skipped", "2:announce:web-1:skipped");
            assertThat(stopped.get("runs").get(1).get("error").asText()).contains("run book step 1 failed");

            // A project: modules in order per agent; a failure not marked continue stops the rest on that agent only.
            ok(server.send("POST", "/api/v1/projects", "application/yaml", """
                    name: stack
                    modules:
                      - module: prepare
                        continue: true
                      - migrate
                      - announce
                    """.getBytes(StandardCharsets.UTF_8), token), 201);
            JsonNode project = ok(server.json("POST", "/api/v1/jobs", Map.of("project", "stack", "teams", List.of("linux")), token), 201);
            finish(server, web, single(assignments(server.checkIn(web))), "failed");     // prepare fails, continue: true
            finish(server, web, single(assignments(server.checkIn(web))), "failed");     // migrate fails: announce skipped
            finish(server, db, single(assignments(server.checkIn(db))), "succeeded");
            finish(server, db, single(assignments(server.checkIn(db))), "succeeded");
            finish(server, db, single(assignments(server.checkIn(db))), "succeeded");
            JsonNode projectDone = show(server, token, project.get("id").asText());
            assertThat(statuses(projectDone)).containsExactly("0:prepare:db-1:succeeded", "0:migrate:db-1:succeeded",
                    "0:announce:db-1:succeeded", "0:prepare:web-1:failed", "0:migrate:web-1:failed", "0:announce:web-1:skipped");
            assertThat(assignments(server.checkIn(web))).isEmpty();

            // Bad requests name what is wrong.
            assertThat(server.json("POST", "/api/v1/jobs", Map.of("project", "stack", "selector", "role=nobody"), token).error())
                    .contains("match no enrolled agent");
            assertThat(server.json("POST", "/api/v1/jobs", Map.of("project", "stack", "module", "prepare", "targets", List.of("db-1")),
                    token).error()).contains("exactly one of");
        }
    }

    private static void finish(TestServer server, HttpClient agent, JsonNode assignment, String status) throws Exception {
        String runId = assignment.get("run_id").asText();
        byte[] body = Wire.json().writeValueAsBytes(Map.of("messages", List.of(Map.of("type", "run_finished",
                "result", Map.of("run_id", runId, "status", status, "tasks", List.of(Map.of("name", "t", "status", status,
                        "exit_code", status.equals("succeeded") ? 0 : 1, "stdout", "", "stderr", "")))))));
        assertThat(server.send(agent, "POST", "/agent/v1/exchange", "application/json", body, null).status()).isEqualTo(200);
    }

    private static List<String> statuses(JsonNode job) {
        return StreamSupport.stream(job.get("runs").spliterator(), false)
                .map(r -> r.get("step").asInt() + ":" + r.get("module").asText() + ":" + r.get("agent").asText() + ":"
                        + r.get("status").asText())
                .toList();
    }

    private static JsonNode show(TestServer server, String token, String jobId) {
        return ok(server.send("GET", "/api/v1/jobs/" + jobId, null, null, token), 200);
    }

    private static List<JsonNode> assignments(JsonNode messages) {
        return StreamSupport.stream(messages.spliterator(), false).filter(m -> m.get("type").asText().equals("assign_run")).toList();
    }

    private static JsonNode single(List<JsonNode> nodes) {
        assertThat(nodes).hasSize(1);
        return nodes.getFirst();
    }

    private static JsonNode ok(TestServer.Response response, int status) {
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(status);
        return response.body();
    }
}
