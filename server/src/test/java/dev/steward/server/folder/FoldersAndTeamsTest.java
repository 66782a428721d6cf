package dev.steward.server.folder;

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

/** Folders and teams through the API: tree operations, refusals with clear errors, membership, settings from the primary team. */
class FoldersAndTeamsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void foldersAndTeamsBehave(String datastore, @TempDir Path dir) {
        try (TestServer server = new TestServer(dir, TestDatastores.create(datastore, dir))) {
            String provider = server.adminToken();
            String t = ok(server.json("POST", "/api/v1/tenants", Map.of("name", "acme"), provider), 201).get("admin_token").asText();
            var web1 = server.enrolledAgent("web-1", server.createEnrollToken(t));
            server.enrolledAgent("web-2", server.createEnrollToken(t));
            server.checkIn(web1);

            // Create: parents must exist unless asked for; duplicates are refused.
            assertThat(server.json("POST", "/api/v1/folders", Map.of("kind", "module", "path", "/A/B"), t).error())
                    .contains("no module folder '/A'").contains("--parents");
            ok(server.json("POST", "/api/v1/folders", Map.of("kind", "module", "path", "/A/B/C", "parents", true), t), 201);
            assertThat(server.json("POST", "/api/v1/folders", Map.of("kind", "module", "path", "/A/B"), t).status()).isEqualTo(409);
            assertThat(server.json("POST", "/api/v1/folders", Map.of("kind", "gadget", "path", "/A"), t).error())
                    .contains("team, module or resource");

            // Rename and move carry the subtree; a folder cannot move into itself.
            ok(server.json("POST", "/api/v1/folders/rename", Map.of("kind", "module", "path", "/A/B", "name", "Bee"), t), 200);
            assertThat(paths(ok(server.send("GET", "/api/v1/folders?kind=module", null, null, t), 200)))
                    .containsExactly("/A", "/A/Bee", "/A/Bee/C");
            assertThat(server.json("POST", "/api/v1/folders/move", Map.of("kind", "module", "path", "/A", "to", "/A/Bee/C"), t).error())
                    .contains("into itself");
            ok(server.json("POST", "/api/v1/folders/move", Map.of("kind", "module", "path", "/A/Bee/C", "to", "/"), t), 200);
            assertThat(paths(ok(server.send("GET", "/api/v1/folders?kind=module", null, null, t), 200)))
                    .containsExactly("/A", "/A/Bee", "/C");

            // Deleting a non-empty folder is refused, saying what it holds.
            ok(server.send("POST", "/api/v1/modules?folder=/C", "application/yaml",
                    "name: m\ntasks:\n  - name: t\n    command: [\"true\"]\n".getBytes(StandardCharsets.UTF_8), t), 201);
            TestServer.Response nonEmpty = server.send("DELETE", "/api/v1/folders?kind=module&path=/C", null, null, t);
            assertThat(nonEmpty.status()).isEqualTo(409);
            assertThat(nonEmpty.error()).contains("not empty").contains("1 module(s)");
            assertThat(server.send("DELETE", "/api/v1/folders?kind=module&path=/A", null, null, t).error()).contains("1 folder(s)");
            assertThat(server.send("DELETE", "/api/v1/folders?kind=module&path=/A/Bee", null, null, t).status()).isEqualTo(204);

            // Teams: explicit members, rule members, one primary team whose settings the agent takes (own settings win).
            ok(server.json("POST", "/api/v1/folders", Map.of("kind", "team", "path", "/Customers"), t), 201);
            ok(server.json("POST", "/api/v1/teams", Map.of("name", "web", "folder", "/Customers", "rules", List.of("os=linux")), t), 201);
            assertThat(server.json("POST", "/api/v1/teams", Map.of("name", "bad", "rules", List.of("os")), t).error())
                    .contains("rules[0]").contains("key=value");
            JsonNode team = ok(server.json("POST", "/api/v1/teams/web/primary", Map.of("agents", List.of("web-2")), t), 200);
            assertThat(team.get("members").toString()).contains("web-1").contains("rule os=linux").contains("web-2")
                    .contains("primary");
            ok(server.json("POST", "/api/v1/teams/web/settings", Map.of("settings", Map.of("poll_interval", "30s")), t), 200);
            JsonNode agent = ok(server.send("GET", "/api/v1/agents/web-2", null, null, t), 200);
            assertThat(agent.get("primary_team").asText()).isEqualTo("web");
            assertThat(agent.get("settings").get("poll_interval_seconds").asLong()).isEqualTo(30);
            ok(server.json("POST", "/api/v1/agents/web-2/settings", Map.of("settings", Map.of("poll_interval", "45s")), t), 200);
            assertThat(ok(server.send("GET", "/api/v1/agents/web-2", null, null, t), 200).get("settings")
                    .get("poll_interval_seconds").asLong()).isEqualTo(45);
            assertThat(server.send("DELETE", "/api/v1/folders?kind=team&path=/Customers", null, null, t).error()).contains("1 team(s)");
            assertThat(server.send("DELETE", "/api/v1/teams/web", null, null, t).error()).contains("primary team of 1 agent(s) (web-2)");
            assertThat(server.json("POST", "/api/v1/primary-team/clear", Map.of("agents", List.of("web-2")), t).status()).isEqualTo(204);
            assertThat(server.send("DELETE", "/api/v1/teams/web", null, null, t).status()).isEqualTo(204);

            // Another tenant sees none of it.
            String other = ok(server.json("POST", "/api/v1/tenants", Map.of("name", "other"), provider), 201).get("admin_token").asText();
            assertThat(ok(server.send("GET", "/api/v1/folders?kind=module", null, null, other), 200)).isEmpty();
            assertThat(server.send("DELETE", "/api/v1/folders?kind=module&path=/C", null, null, other).status()).isEqualTo(404);
        }
    }

    private static List<String> paths(JsonNode folders) {
        return StreamSupport.stream(folders.spliterator(), false).map(f -> f.get("path").asText()).toList();
    }

    private static JsonNode ok(TestServer.Response response, int status) {
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(status);
        return response.body();
    }
}
