package dev.steward.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.protocol.Wire;
import dev.steward.server.TestDatastores;
import dev.steward.server.TestServer;
import dev.steward.server.resource.ResourceBlobs;
import dev.steward.server.resource.ResourceCollector;
import dev.steward.server.resource.ResourceStore;
import dev.steward.server.store.Datastore;
import dev.steward.server.store.DatastoreConfig;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The acceptance test of retention in a real server with real agents' messages: weeks later, a finished job
 * is gone, while a job still running keeps everything it needs: its runs, the resource content its agent
 * was offered (although the resource was replaced since), and the result it reports afterwards.
 */
class RetentionAcceptanceTest {
    private static final String MODULE = """
            name: install
            tasks:
              - name: setup
                script_resource: setup.sh
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void retentionDeletesWhatItShouldAndNothingARunningJobNeeds(String kind, @TempDir Path dir) throws Exception {
        DatastoreConfig config = TestDatastores.create(kind, dir);
        try (TestServer server = new TestServer(dir, config)) {
            String token = server.adminToken();
            HttpClient done = server.enrolledAgent("done-1", server.createEnrollToken(token));
            HttpClient busy = server.enrolledAgent("busy-1", server.createEnrollToken(token));
            String v1 = ok(server.send("POST", "/api/v1/resources?name=setup.sh", "application/octet-stream",
                    "echo v1".getBytes(StandardCharsets.UTF_8), token), 201).get("sha256").asText();
            ok(server.send("POST", "/api/v1/modules", "application/yaml", MODULE.getBytes(StandardCharsets.UTF_8), token), 201);

            String finishedJob = run(server, token, "done-1");
            finish(server, done, single(assignments(server.checkIn(done))).get("run_id").asText());
            String runningJob = run(server, token, "busy-1");
            String busyRun = single(assignments(server.checkIn(busy))).get("run_id").asText();   // offered v1

            // The resource is replaced (v1 now only pinned by the open run) and another one is deleted.
            String v2 = ok(server.send("POST", "/api/v1/resources?name=setup.sh", "application/octet-stream",
                    "echo v2".getBytes(StandardCharsets.UTF_8), token), 201).get("sha256").asText();
            String gone = ok(server.send("POST", "/api/v1/resources?name=old.txt", "application/octet-stream",
                    "bye".getBytes(StandardCharsets.UTF_8), token), 201).get("sha256").asText();
            assertThat(server.send("DELETE", "/api/v1/resources/old.txt", null, null, token).status()).isEqualTo(204);

            Instant now = Instant.now();
            try (Datastore datastore = Datastore.open(config)) {
                RetentionSweeper sweeper = sweeper(datastore, dir);
                // Five weeks later (the default keeps 30 days), twice, a grace period apart (content needs two passes).
                RetentionSweeper.Swept first = sweeper.sweepOnce(now.plus(Duration.ofDays(35)));
                RetentionSweeper.Swept second = sweeper.sweepOnce(now.plus(Duration.ofDays(37)));
                assertThat(first.jobs()).isEqualTo(1);
                assertThat(first.runs()).isEqualTo(1);
                assertThat(first.taskResults()).isEqualTo(1);
                assertThat(second.jobs()).isZero();
                assertThat(second.contentFiles()).isEqualTo(1);

                assertThat(server.send("GET", "/api/v1/jobs/" + finishedJob, null, null, token).status()).isEqualTo(404);
                JsonNode running = ok(server.send("GET", "/api/v1/jobs/" + runningJob, null, null, token), 200);
                assertThat(running.get("runs")).hasSize(1);
                assertThat(blob(dir, gone)).doesNotExist();
                assertThat(blob(dir, v2)).exists();
                // The running job's agent still gets the content it was offered...
                TestServer.RawResponse download = server.raw(busy, "GET", "/agent/v1/resources/" + v1 + "?run=" + busyRun, null,
                        null, null);
                assertThat(download.status()).isEqualTo(200);
                assertThat(download.text()).isEqualTo("echo v1");
                // ...and its result is stored and shown.
                finish(server, busy, busyRun);
                JsonNode finished = ok(server.send("GET", "/api/v1/jobs/" + runningJob, null, null, token), 200);
                assertThat(finished.get("status").asText()).isEqualTo("succeeded");
                assertThat(finished.get("runs").get(0).get("tasks").get(0).get("stdout").asText()).isEqualTo("done\n");

                // Once that job too is older than the retention, it goes, and then the content only it used.
                sweeper.sweepOnce(now.plus(Duration.ofDays(70)));
                assertThat(server.send("GET", "/api/v1/jobs/" + runningJob, null, null, token).status()).isEqualTo(404);
                assertThat(blob(dir, v1)).exists();
                sweeper.sweepOnce(now.plus(Duration.ofDays(72)));
                assertThat(blob(dir, v1)).doesNotExist();
                assertThat(blob(dir, v2)).exists();
                assertThat(server.raw(null, "GET", "/api/v1/resources/setup.sh/content", null, null, token).text())
                        .isEqualTo("echo v2");
            }
        }
    }

    private static RetentionSweeper sweeper(Datastore datastore, Path dir) {
        List<String> tenants = datastore.jdbi().withHandle(h -> h.createQuery("SELECT id FROM tenants").mapTo(String.class).list());
        return new RetentionSweeper(new RetentionStore(datastore.jdbi()),
                new ResourceCollector(new ResourceStore(datastore.jdbi()), new ResourceBlobs(dir)), () -> tenants,
                Clock.systemUTC(), RetentionSweeper.Settings.DEFAULTS);
    }

    private static Path blob(Path dir, String sha) {
        return dir.resolve("resources").resolve(sha.substring(0, 2)).resolve(sha);
    }

    private static String run(TestServer server, String token, String agent) {
        return ok(server.json("POST", "/api/v1/jobs", Map.of("module", "install", "targets", List.of(agent)), token), 201)
                .get("id").asText();
    }

    private static void finish(TestServer server, HttpClient agent, String runId) throws Exception {
        byte[] body = Wire.json().writeValueAsBytes(Map.of("messages", List.of(Map.of("type", "run_finished",
                "result", Map.of("run_id", runId, "status", "succeeded", "tasks", List.of(Map.of("name", "setup",
                        "status", "succeeded", "exit_code", 0, "stdout", "done\n", "stderr", "")))))));
        assertThat(server.send(agent, "POST", "/agent/v1/exchange", "application/json", body, null).status()).isEqualTo(200);
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
