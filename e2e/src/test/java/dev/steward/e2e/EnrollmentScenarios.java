package dev.steward.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Enrollment and identity, with a real server process and real agent processes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EnrollmentScenarios {
    private static final Duration EXIT = Duration.ofSeconds(30);

    Installation steward;

    abstract Datastore datastore();

    @BeforeAll
    void startServer(@TempDir Path root) {
        steward = new Installation(root, datastore()).startServer();
    }

    @AfterAll
    void stopAll() {
        steward.close();
    }

    @Test
    void enrollsWithAValidTokenAndKeepsItsKeyPrivate() throws Exception {
        JsonNode token = Installation.json(steward.cli("enroll-tokens", "create", "--expires", "1h", "--output", "json"));
        assertThat(token.get("token").asText()).startsWith("stw_enroll_");
        assertThat(token.get("expires_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        steward.startAgent("valid", token.get("token").asText(), "1s");
        JsonNode agent = steward.awaitAgent("valid", a -> a.get("status").asText().equals("online"));
        assertThat(agent.get("id").asText()).hasSize(36);
        assertThat(agent.get("mode").asText()).isEqualTo("poll");
        assertThat(agent.get("last_seen").isNull()).isFalse();

        Path state = steward.stateDir("valid");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("key.pem"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(state.resolve("cert.pem"))).contains("BEGIN CERTIFICATE");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                steward.dataDir().resolve("initial-admin-token")))).isEqualTo("rw-------");
        assertThat(steward.server().stdout() + steward.server().stderr()).doesNotContain(steward.adminToken());
    }

    @Test
    void refusesAWrongToken() {
        StewardProcess agent = steward.startAgent("wrong-token", "stw_enroll_not-a-real-token", "1s");
        assertThat(agent.awaitExit(EXIT)).isNotZero();
        assertThat(agent.stderr()).contains("enrollment token is not valid");
        assertNotEnrolled("wrong-token");
    }

    @Test
    void refusesAnExpiredToken() {
        String token = steward.enrollToken("1s");
        StewardProcess.sleep(1500);
        StewardProcess agent = steward.startAgent("late", token, "1s");
        assertThat(agent.awaitExit(EXIT)).isNotZero();
        assertThat(agent.stderr()).contains("expired");
        assertNotEnrolled("late");
    }

    @Test
    void refusesARevokedToken() {
        JsonNode token = Installation.json(steward.cli("enroll-tokens", "create", "--output", "json"));
        assertThat(steward.cli("enroll-tokens", "revoke", token.get("id").asText()).exitCode()).isZero();
        StewardProcess agent = steward.startAgent("too-late", token.get("token").asText(), "1s");
        assertThat(agent.awaitExit(EXIT)).isNotZero();
        assertThat(agent.stderr()).contains("revoked");
        assertNotEnrolled("too-late");
    }

    @Test
    void refusesAServerWhoseCaDoesNotMatchThePin() {
        String wrongPin = "SHA256:" + "ab".repeat(32);
        StewardProcess agent = steward.startAgentPinned("impostor-test", steward.enrollToken("1h"), wrongPin, "1s");
        assertThat(agent.awaitExit(EXIT)).isNotZero();
        assertThat(agent.stderr()).contains("does not present the pinned CA").contains(wrongPin);
        assertNotEnrolled("impostor-test");
    }

    @Test
    void revokedAgentIsRefusedAtOnce() {
        StewardProcess agent = steward.enrolledAgent("to-revoke", "1s");
        assertThat(steward.cli("agents", "revoke", "to-revoke").exitCode()).isZero();

        assertThat(agent.awaitExit(EXIT)).isEqualTo(3);
        assertThat(agent.stderr()).contains("revoked");
        assertThat(steward.awaitAgent("to-revoke", a -> true).get("status").asText()).isEqualTo("revoked");

        // Restarting it with the same identity does not help.
        StewardProcess again = steward.startAgent("to-revoke", null, "1s");
        assertThat(again.awaitExit(EXIT)).isEqualTo(3);
    }

    @Test
    void restartedAgentKeepsItsIdentity() {
        StewardProcess first = steward.enrolledAgent("stable", "1s");
        String id = steward.awaitAgent("stable", a -> true).get("id").asText();
        first.stop();
        steward.startAgent("stable", null, "1s").awaitOutput(Pattern.compile("check-in every"), EXIT);
        JsonNode agents = Installation.json(steward.cli("agents", "list", "--output", "json"));
        long named = 0;
        for (JsonNode agent : agents) {
            if (agent.get("name").asText().equals("stable")) {
                named++;
                assertThat(agent.get("id").asText()).isEqualTo(id);
            }
        }
        assertThat(named).isEqualTo(1);
    }

    private void assertNotEnrolled(String name) {
        assertThat(Files.exists(steward.stateDir(name).resolve("cert.pem"))).isFalse();
        JsonNode agents = Installation.json(steward.cli("agents", "list", "--output", "json"));
        for (JsonNode agent : agents) {
            assertThat(agent.get("name").asText()).isNotEqualTo(name);
        }
    }
}
