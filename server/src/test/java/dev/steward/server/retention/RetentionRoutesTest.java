package dev.steward.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.server.TestDatastores;
import dev.steward.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET|PUT /api/v1/retention}: validation with clear errors, permissions, and one tenant's setting per tenant. */
class RetentionRoutesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void setAndShowAreValidatedPermittedAndPerTenant(String kind, @TempDir Path dir) {
        try (TestServer server = new TestServer(dir, TestDatastores.create(kind, dir))) {
            String provider = server.adminToken();
            JsonNode shown = ok(server.send("GET", "/api/v1/retention", null, null, provider), 200);
            assertThat(shown.get("days").asInt()).isEqualTo(30);
            assertThat(shown.get("source").asText()).isEqualTo("default");
            assertThat(shown.get("tenant").asText()).isEqualTo("provider");

            JsonNode set = ok(server.json("PUT", "/api/v1/retention", Map.of("days", 90), provider), 200);
            assertThat(set.get("days").asInt()).isEqualTo(90);
            assertThat(set.get("source").asText()).isEqualTo("tenant");
            assertThat(set.get("updated_at").isNull()).isFalse();
            assertThat(ok(server.send("GET", "/api/v1/retention", null, null, provider), 200).get("days").asInt()).isEqualTo(90);
            assertThat(ok(server.json("PUT", "/api/v1/retention", Map.of("days", 3650), provider), 200).get("days").asInt())
                    .isEqualTo(3650);
            assertThat(ok(server.json("PUT", "/api/v1/retention", Map.of("days", 1), provider), 200).get("days").asInt())
                    .isEqualTo(1);

            // Bad values: 400, naming the field, the range and an example.
            for (String body : new String[] {"{\"days\": 0}", "{\"days\": 3651}", "{\"days\": -5}", "{\"days\": 2.5}",
                    "{\"days\": \"30\"}", "{\"days\": null}", "{}", "{\"days\": 99999999999}"}) {
                TestServer.Response refused = server.send("PUT", "/api/v1/retention", "application/json",
                        body.getBytes(StandardCharsets.UTF_8), provider);
                assertThat(refused.status()).as(body).isEqualTo(400);
                assertThat(refused.error()).as(body).contains("days").contains("1 to 3650");
            }
            assertThat(server.send("PUT", "/api/v1/retention", "application/json", "{\"dayz\": 3}".getBytes(StandardCharsets.UTF_8),
                    provider).error()).contains("unknown field 'dayz'");
            assertThat(server.send("PUT", "/api/v1/retention", "text/plain", "30".getBytes(StandardCharsets.UTF_8), provider)
                    .status()).isEqualTo(415);
            assertThat(server.send("GET", "/api/v1/retention", null, null, null).status()).isEqualTo(401);
            assertThat(ok(server.send("GET", "/api/v1/retention", null, null, provider), 200).get("days").asInt()).isEqualTo(1);

            // Roles: anyone may look; only full access may change it.
            String viewer = ok(server.json("POST", "/api/v1/admin-tokens", Map.of("name", "eyes", "role", "viewer"), provider), 201)
                    .get("token").asText();
            String operator = ok(server.json("POST", "/api/v1/admin-tokens", Map.of("name", "ops", "role", "operator"), provider),
                    201).get("token").asText();
            assertThat(ok(server.send("GET", "/api/v1/retention", null, null, viewer), 200).get("days").asInt()).isEqualTo(1);
            assertThat(server.json("PUT", "/api/v1/retention", Map.of("days", 7), viewer).status()).isEqualTo(403);
            assertThat(server.json("PUT", "/api/v1/retention", Map.of("days", 7), operator).error()).contains("does not allow");

            // Tenants apart: a customer starts at the default and its setting is its own.
            String customer = ok(server.json("POST", "/api/v1/tenants", Map.of("name", "customer-a"), provider), 201)
                    .get("admin_token").asText();
            assertThat(ok(server.send("GET", "/api/v1/retention", null, null, customer), 200).get("days").asInt()).isEqualTo(30);
            ok(server.json("PUT", "/api/v1/retention", Map.of("days", 400), customer), 200);
            assertThat(ok(server.send("GET", "/api/v1/retention", null, null, provider), 200).get("days").asInt()).isEqualTo(1);
            assertThat(ok(server.send("GET", "/api/v1/retention", null, null, customer), 200).get("tenant").asText())
                    .isEqualTo("customer-a");
            // A customer cannot look at or change another tenant; the provider may name a customer.
            assertThat(server.send("GET", "/api/v1/retention?tenant=provider", null, null, customer).status()).isEqualTo(403);
            assertThat(server.json("PUT", "/api/v1/retention?tenant=provider", Map.of("days", 5), customer).status())
                    .isEqualTo(403);
            assertThat(ok(server.send("GET", "/api/v1/retention?tenant=customer-a", null, null, provider), 200).get("days").asInt())
                    .isEqualTo(400);
            ok(server.json("PUT", "/api/v1/retention?tenant=customer-a", Map.of("days", 14), provider), 200);
            assertThat(ok(server.send("GET", "/api/v1/retention", null, null, customer), 200).get("days").asInt()).isEqualTo(14);
            assertThat(ok(server.send("GET", "/api/v1/retention", null, null, provider), 200).get("days").asInt()).isEqualTo(1);
            assertThat(server.send("GET", "/api/v1/retention?tenant=nobody", null, null, provider).status()).isEqualTo(404);
        }
    }

    private static JsonNode ok(TestServer.Response response, int status) {
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(status);
        return response.body();
    }
}
