package dev.steward.server.block;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.server.TestDatastores;
import dev.steward.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Building blocks: exporting one tenant's catalog and importing it into another reproduces everything the
 * format carries (exporting again gives the same block), importing twice changes nothing, trusts naming
 * teams or agents never travel, and a damaged block changes nothing.
 */
class BlockRoundTripTest {
    private static final String DEPLOY = """
            name: deploy
            description: ships the app
            tasks:
              - name: config
                deliver: {resource: app.conf, path: /etc/app/app.conf, mode: "0640"}
                on_error: continue
              - name: install
                script_resource: install.sh
                interpreter: bash
                timeout: 2m
                env: {TARGET: prod}
              - name: restart
                command: [systemctl, restart, app]
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void exportImportIsLosslessIdempotentAndLeavesTeamTrustsHome(String datastore, @TempDir Path dir) {
        try (TestServer server = new TestServer(dir, TestDatastores.create(datastore, dir))) {
            String provider = server.adminToken();
            String a = tenant(server, provider, "acme");
            String b = tenant(server, provider, "beta");
            server.enrolledAgent("web-1", server.createEnrollToken(a));
            folder(server, a, "module", "/Acme/Deploy");
            folder(server, a, "resource", "/Acme");
            folder(server, a, "team", "/Customers/Acme");
            ok(server.json("POST", "/api/v1/teams", Map.of("name", "acme-web", "folder", "/Customers/Acme"), a), 201);
            upload(server, a, "app.conf", "/Acme", "listen 8080\n");
            upload(server, a, "install.sh", null, "#!/bin/bash\necho installing\n");
            // Larger than SnakeYAML's default 3 MB document limit once base64-encoded in the block.
            byte[] big = new byte[5 * 512 * 1024]; // 2.5 MiB: 3.5 million base64 characters
            new java.util.Random(7).nextBytes(big);
            ok(server.send("POST", "/api/v1/resources?name=big.bin", "application/octet-stream", big, a), 201);
            apply(server, a, "/api/v1/modules?folder=/Acme/Deploy", DEPLOY);
            apply(server, a, "/api/v1/modules", "name: hello\ntasks:\n  - name: hi\n    script: echo hi\n");
            apply(server, a, "/api/v1/projects?folder=/Acme", "name: stack\nmodules:\n  - module: deploy\n    continue: true\n  - hello\n");
            apply(server, a, "/api/v1/runbooks?folder=/Acme", """
                    name: release
                    steps:
                      - project: stack
                        targets: {teams: [acme-web], selector: os=linux}
                        continue: true
                      - module: hello
                    """);
            trust(server, a, "module_folder", "/Acme", "team_folder", "/Customers/Acme");
            trust(server, a, "resource", "app.conf", "team_folder", "/Customers/Acme");
            trust(server, a, "module", "deploy", "team", "acme-web");
            trust(server, a, "resource", "app.conf", "agent", "web-1");
            trust(server, a, "team", "acme-web", "module_folder", "/Acme");

            String block = export(server, a, "");
            String trustSection = block.substring(block.indexOf("\ntrusts:"));
            assertThat(block).contains("steward_block: 1").doesNotContain("web-1");
            assertThat(trustSection).contains("target: /Customers/Acme").doesNotContain("acme-web")
                    .doesNotContain("target_kind: team\n").doesNotContain("target_kind: agent").doesNotContain("holder_kind: team");
            assertThat(trustSection.split("holder_kind:", -1)).hasSize(3); // exactly the two trusts on team folders

            JsonNode first = ok(server.send("POST", "/api/v1/blocks", "application/yaml", bytes(block), b), 200);
            assertThat(first.get("created").get("modules").asInt()).isEqualTo(2);
            assertThat(first.get("created").get("resources").asInt()).isEqualTo(3);
            assertThat(first.get("created").get("trusts").asInt()).isEqualTo(2);
            JsonNode second = ok(server.send("POST", "/api/v1/blocks", "application/yaml", bytes(block), b), 200);
            assertThat(second.get("created")).isEmpty();
            assertThat(second.get("updated")).isEmpty();
            assertThat(second.get("unchanged").get("modules").asInt()).isEqualTo(2);
            assertThat(second.get("unchanged").get("trusts").asInt()).isEqualTo(2);

            // Exporting from the copy gives the same block: nothing the format carries was lost or changed.
            assertThat(withoutTimestamp(export(server, b, ""))).isEqualTo(withoutTimestamp(block));
            assertThat(server.raw(null, "GET", "/api/v1/resources/app.conf/content", null, null, b).text()).isEqualTo("listen 8080\n");
            assertThat(server.raw(null, "GET", "/api/v1/resources/big.bin/content", null, null, b).body()).isEqualTo(big);
            JsonNode deployB = ok(server.send("GET", "/api/v1/modules/deploy", null, null, b), 200);
            JsonNode deployA = ok(server.send("GET", "/api/v1/modules/deploy", null, null, a), 200);
            assertThat(deployB.get("tasks")).isEqualTo(deployA.get("tasks"));
            assertThat(deployB.get("folder").asText()).isEqualTo("/Acme/Deploy");
            assertThat(ok(server.send("GET", "/api/v1/trusts", null, null, b), 200)).hasSize(2);

            // A folder selection brings what it uses along (deploy's resources), and nothing else.
            String partial = export(server, a, "?folder=/Acme/Deploy");
            assertThat(partial).contains("name: deploy").contains("name: app.conf").contains("name: install.sh")
                    .doesNotContain("name: hello").doesNotContain("name: stack").doesNotContain("name: big.bin");
            assertThat(server.send("GET", "/api/v1/blocks?folder=/Nowhere", null, null, a).status()).isEqualTo(404);

            // A damaged block is refused before anything is created.
            String c = tenant(server, provider, "gamma");
            String damaged = block.replaceFirst("sha256: [0-9a-f]{64}", "sha256: " + "0".repeat(64));
            TestServer.Response refused = server.send("POST", "/api/v1/blocks", "application/yaml", bytes(damaged), c);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.error()).contains("damaged");
            assertThat(ok(server.send("GET", "/api/v1/modules", null, null, c), 200)).isEmpty();
            assertThat(ok(server.send("GET", "/api/v1/folders?kind=module", null, null, c), 200)).isEmpty();

            // So is one that names what it does not carry (here: the project without its modules).
            String partialProject = block.substring(0, block.indexOf("\nmodules:")) + "\nprojects:"
                    + block.substring(block.indexOf("\nprojects:") + "\nprojects:".length(), block.indexOf("\nrunbooks:")) + "\n";
            TestServer.Response incomplete = server.send("POST", "/api/v1/blocks", "application/yaml", bytes(partialProject), c);
            assertThat(incomplete.status()).as(String.valueOf(incomplete.body())).isEqualTo(400);
            assertThat(incomplete.error()).contains("nothing was imported").contains("project 'stack' runs module 'deploy'");
            assertThat(ok(server.send("GET", "/api/v1/resources", null, null, c), 200)).isEmpty();
        }
    }

    private static String withoutTimestamp(String block) {
        return block.replaceAll("(?m)^exported_at: .*$", "");
    }

    private static String export(TestServer server, String token, String query) {
        TestServer.RawResponse response = server.raw(null, "GET", "/api/v1/blocks" + query, null, null, token);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.text();
    }

    private static String tenant(TestServer server, String provider, String name) {
        return ok(server.json("POST", "/api/v1/tenants", Map.of("name", name), provider), 201).get("admin_token").asText();
    }

    private static void folder(TestServer server, String token, String kind, String path) {
        ok(server.json("POST", "/api/v1/folders", Map.of("kind", kind, "path", path, "parents", true), token), 201);
    }

    private static void upload(TestServer server, String token, String name, String folder, String content) {
        ok(server.send("POST", "/api/v1/resources?name=" + name + (folder == null ? "" : "&folder=" + folder),
                "application/octet-stream", bytes(content), token), 201);
    }

    private static void apply(TestServer server, String token, String path, String yaml) {
        ok(server.send("POST", path, "application/yaml", bytes(yaml), token), 201);
    }

    private static void trust(TestServer server, String token, String holderKind, String holder, String targetKind, String target) {
        ok(server.json("POST", "/api/v1/trusts", Map.of("holder_kind", holderKind, "holder", holder, "target_kind", targetKind,
                "target", target), token), 201);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode ok(TestServer.Response response, int status) {
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(status);
        return response.body();
    }
}
