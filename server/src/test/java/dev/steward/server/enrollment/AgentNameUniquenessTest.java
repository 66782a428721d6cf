package dev.steward.server.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.transport.ServerRejectedException;
import dev.steward.server.TestDatastores;
import dev.steward.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One enrolled agent per name and tenant, even when enrollments race; the name is free again once revoked. */
class AgentNameUniquenessTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void concurrentEnrollmentsOfOneNameLetExactlyOneThrough(String datastore, @TempDir Path dir) throws Exception {
        try (TestServer server = new TestServer(dir, TestDatastores.create(datastore, dir))) {
            String token = server.createEnrollToken(server.adminToken());
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                attempts.add(() -> {
                    try {
                        server.enrolledAgent("contested", token);
                        return 201;
                    } catch (ServerRejectedException e) {
                        assertThat(e.getMessage()).contains("already enrolled");
                        return e.status();
                    }
                });
            }
            List<Integer> outcomes = new ArrayList<>();
            for (Future<Integer> outcome : pool.invokeAll(attempts)) {
                outcomes.add(outcome.get());
            }
            pool.shutdown();
            assertThat(outcomes).containsOnly(201, 409).filteredOn(code -> code == 201).hasSize(1);
            assertThat(server.send("GET", "/api/v1/agents", null, null, server.adminToken()).body()).hasSize(1);

            assertThat(server.json("POST", "/api/v1/agents/contested/revoke", Map.of(), server.adminToken()).status())
                    .isEqualTo(200);
            server.enrolledAgent("contested", token);
            assertThat(server.send("GET", "/api/v1/agents", null, null, server.adminToken()).body()).hasSize(2);
            assertThat(server.send("GET", "/api/v1/agents/contested", null, null, server.adminToken()).body()
                    .get("status").asText()).isNotEqualTo("revoked");
        }
    }
}
