package dev.steward.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The push channel end to end: real server, real agents holding WebSockets on the HTTPS port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PushScenarios {
    private static final Duration RECONNECT = Duration.ofSeconds(60);
    Installation steward;

    abstract Datastore datastore();

    @BeforeAll
    void setUp(@TempDir Path root) {
        steward = new Installation(root, datastore()).startServer();
        for (String module : new String[] {"slow", "chatty", "ticker"}) {
            assertThat(steward.cli("modules", "apply", "-f", "src/test/resources/modules/" + module + ".yaml").exitCode()).isZero();
        }
        assertThat(steward.cli("modules", "apply", "-f",
                Path.of(System.getProperty("steward.home", "..")).resolve("examples/hello.yaml").toString()).exitCode()).isZero();
    }

    @AfterAll
    void tearDown() {
        steward.close();
    }

    private JsonNode awaitConnection(String agent, String connection, Duration timeout) {
        return Installation.await("agent " + agent + " " + connection, timeout, () -> {
            Installation.CliResult result = steward.cli("agents", "show", agent, "--output", "json");
            if (result.exitCode() != 0) {
                return null; // not enrolled yet
            }
            JsonNode shown = Installation.json(result);
            return shown.get("connection").asText().equals(connection) ? shown : null;
        });
    }

    @Test
    void aJobReachesAPushAgentAtOnceDespiteAnHourLongPollInterval() {
        steward.enrolledAgent("instant", "1h", "--mode", "push");
        awaitConnection("instant", "persistent", RECONNECT);

        for (int i = 0; i < 3; i++) {
            Installation.CliResult result = steward.cli("jobs", "run", "hello", "--targets", "instant", "--wait",
                    "--timeout", "20s", "--output", "json");
            assertThat(result.exitCode()).as(result.err()).isZero();
            JsonNode job = Installation.json(result);
            JsonNode run = job.get("runs").get(0);
            Duration delivery = Duration.between(Instant.parse(job.get("created_at").asText()),
                    Instant.parse(run.get("started_at").asText()));
            assertThat(delivery).as("job creation to run start").isLessThan(Duration.ofSeconds(1));
        }
        JsonNode shown = awaitConnection("instant", "persistent", RECONNECT);
        assertThat(shown.get("connected_since").isNull()).isFalse();
        assertThat(shown.get("bytes_sent").asLong()).isPositive();
        assertThat(shown.get("bytes_received").asLong()).isPositive();
        assertThat(shown.get("node").asText()).endsWith(":" + steward.url().substring(steward.url().lastIndexOf(':') + 1));

        // The same connection, from the agent's side.
        JsonNode own = Installation.json(Installation.cliRaw("agent", "status", "--state-dir",
                steward.stateDir("instant").toString(), "--output", "json"));
        assertThat(own.get("connection").asText()).isEqualTo("persistent");
        assertThat(own.get("mode").asText()).isEqualTo("push");
        assertThat(own.get("server").asText()).isEqualTo(steward.url());
        assertThat(own.get("tls_protocol").asText()).startsWith("TLSv1.");
        assertThat(own.get("tls_cipher").asText()).startsWith("TLS_");
        assertThat(own.get("bytes_sent").asLong()).isPositive();
        assertThat(own.get("bytes_received").asLong()).isPositive();
        assertThat(own.get("last_contact").isNull()).isFalse();
    }

    @Test
    void settingsSetOnTheServerChangeTheAgentsBehaviour() {
        steward.enrolledAgent("governed", "1s");
        assertThat(awaitConnection("governed", "poll", RECONNECT).get("settings").get("mode").isNull()).isTrue();

        // A polling agent picks the change up at its next check-in and switches to push.
        assertThat(steward.cli("agents", "set", "governed", "mode=push").exitCode()).isZero();
        awaitConnection("governed", "persistent", RECONNECT);

        // A connected agent gets a change at once: an hour between check-ins, confirmed straight away.
        assertThat(steward.cli("agents", "set", "governed", "poll_interval=1h").exitCode()).isZero();
        Installation.await("new interval reported", () -> Installation.json(steward.cli("agents", "show", "governed",
                "--output", "json")).get("poll_interval_seconds").asLong() == 3600 ? true : null);

        // Output limit travels with each assignment.
        assertThat(steward.cli("agents", "set", "governed", "output_limit=1KiB").exitCode()).isZero();
        Installation.CliResult big = steward.cli("jobs", "run", "chatty", "--targets", "governed", "--wait", "--output", "json");
        assertThat(big.exitCode()).as(big.err()).isZero();
        assertThat(Installation.json(big).get("runs").get(0).get("tasks").get(0).get("stdout").asText())
                .isEqualTo("x".repeat(1024) + "\n[steward: output truncated at 1024 bytes]\n");

        // Back to polling (tenant default interval 1s): the connection closes and jobs still arrive.
        assertThat(steward.cli("agents", "set", "--tenant-default", "poll_interval=1s").exitCode()).isZero();
        assertThat(steward.cli("agents", "set", "governed", "mode=", "poll_interval=").exitCode()).isZero();
        JsonNode shown = awaitConnection("governed", "poll", RECONNECT);
        assertThat(shown.get("settings").get("poll_interval_seconds").asLong()).isEqualTo(1);
        assertThat(steward.cli("jobs", "run", "hello", "--targets", "governed", "--wait", "--timeout", "20s").exitCode())
                .isZero();

        Installation.CliResult bad = steward.cli("agents", "set", "governed", "mode=sometimes");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("mode: expected poll or push");
        assertThat(steward.cli("agents", "set", "--tenant-default", "poll_interval=").exitCode()).isZero();
    }

    @Test
    void inventoryOnDemandFromSeveralAgents() {
        steward.enrolledAgent("inv-push-1", "1h", "--mode", "push");
        steward.enrolledAgent("inv-push-2", "1h", "--mode", "push");
        steward.enrolledAgent("inv-poll", "1s");
        awaitConnection("inv-push-1", "persistent", RECONNECT);
        awaitConnection("inv-push-2", "persistent", RECONNECT);

        Installation.CliResult result = steward.cli("inventory", "collect", "--targets", "inv-push-1,inv-push-2,inv-poll",
                "--wait", "--timeout", "20s", "--output", "json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode views = Installation.json(result);
        assertThat(views).hasSize(3);
        for (JsonNode view : views) {
            assertThat(view.get("pending").asBoolean()).isFalse();
            Instant requested = Instant.parse(view.get("requested_at").asText());
            Instant received = Instant.parse(view.get("received_at").asText());
            assertThat(received).isAfterOrEqualTo(requested);
            if (view.get("agent").asText().startsWith("inv-push")) {
                assertThat(Duration.between(requested, received)).as("push round trip").isLessThan(Duration.ofSeconds(1));
            }
            JsonNode inventory = view.get("inventory");
            assertThat(inventory.get("cpu_count").asInt()).isPositive();
            assertThat(inventory.get("memory_bytes").asLong()).isPositive();
            assertThat(inventory.get("kernel").asText()).isNotBlank();
            assertThat(inventory.get("os_name").asText()).isNotBlank();
            assertThat(inventory.get("uptime_seconds").asLong()).isPositive();
            assertThat(inventory.get("agent_version").asText()).isNotBlank();
            assertThat(inventory.get("disks")).isNotEmpty();
            assertThat(inventory.get("interfaces")).anySatisfy(nic -> assertThat(nic.get("name").asText()).isEqualTo("lo"));
        }
        JsonNode shown = Installation.json(steward.cli("inventory", "show", "inv-poll", "--output", "json"));
        assertThat(shown.get("inventory").get("hostname").asText()).isNotBlank();
        Installation.CliResult unknown = steward.cli("inventory", "show", "nobody");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("no enrolled agent named nobody");
    }

    @Test
    void enrollmentPollingAndPushWorkThroughARealHttpConnectProxy(@TempDir Path dir) {
        try (ForwardProxy proxy = ForwardProxy.start(dir.resolve("proxy"))) {
            steward.startAgent("proxied-push", steward.enrollToken("1h"), "1h", "--mode", "push", "--proxy", proxy.url());
            steward.startAgent("proxied-poll", steward.enrollToken("1h"), "1s", "--proxy", proxy.url());
            awaitConnection("proxied-push", "persistent", RECONNECT);
            awaitConnection("proxied-poll", "poll", RECONNECT);
            Installation.CliResult result = steward.cli("jobs", "run", "hello", "--targets", "proxied-push,proxied-poll",
                    "--wait", "--timeout", "30s");
            assertThat(result.exitCode()).as(result.err()).isZero();
            // Two enrollments, the push socket and its TLS probe, and the poller's connection at least.
            assertThat(proxy.tunnels()).isGreaterThanOrEqualTo(4);
        }
        // The push socket ran through the proxy: without it the persistent connection is gone.
        awaitConnection("proxied-push", "poll", Duration.ofSeconds(120));
    }

    @Test
    void followPrintsTaskOutputAsItIsProducedPrefixedByAgent() {
        steward.enrolledAgent("live-1", "1h", "--mode", "push");
        steward.enrolledAgent("live-2", "1h", "--mode", "push");
        awaitConnection("live-1", "persistent", RECONNECT);
        awaitConnection("live-2", "persistent", RECONNECT);

        Installation.CliResult result = steward.cli("jobs", "run", "ticker", "--targets", "live-1,live-2", "--follow",
                "--timeout", "30s");
        assertThat(result.exitCode()).as(result.err()).isZero();
        String out = result.out();
        for (String agent : new String[] {"live-1", "live-2"}) {
            assertThat(out).contains(agent + " | tick 1\n", agent + " | tick 2\n", agent + " | tick 3\n",
                    agent + " ! warning\n");
            assertThat(out.indexOf(agent + " | tick 1")).isLessThan(out.indexOf(agent + " | tick 3"));
        }
        // The live lines come before the final report.
        assertThat(out.indexOf("live-1 | tick 3")).isLessThan(out.indexOf("module ticker"));
    }

    @Test
    void revokingAConnectedPushAgentEndsItsConnectionAndTheAgent() {
        StewardProcess agent = steward.enrolledAgent("push-revoked", "1h", "--mode", "push");
        awaitConnection("push-revoked", "persistent", RECONNECT);
        assertThat(steward.cli("agents", "revoke", "push-revoked").exitCode()).isZero();
        assertThat(agent.awaitExit(Duration.ofSeconds(30))).isEqualTo(3);
        JsonNode shown = Installation.json(steward.cli("agents", "show", "push-revoked", "--output", "json"));
        assertThat(shown.get("status").asText()).isEqualTo("revoked");
        assertThat(shown.get("connection").asText()).isEqualTo("offline");
    }

    @Test
    void disconnectingAnAgentMidRunLosesAndDuplicatesNothing() {
        steward.enrolledAgent("cut-server-side", "2s", "--mode", "push", "--reconnect-window", "3s");
        awaitConnection("cut-server-side", "persistent", RECONNECT);
        String jobId = Installation.json(steward.cli("jobs", "run", "slow", "--targets", "cut-server-side", "--output", "json"))
                .get("id").asText();
        steward.awaitJob(jobId, j -> j.get("runs").get(0).get("status").asText().equals("running"));

        Installation.CliResult disconnect = steward.cli("agents", "disconnect", "cut-server-side");
        assertThat(disconnect.exitCode()).as(disconnect.err()).isZero();
        assertThat(Installation.json(steward.cli("agents", "show", "cut-server-side", "--output", "json"))
                .get("connection").asText()).isNotEqualTo("persistent");

        JsonNode job = steward.awaitJob(jobId, j -> j.get("status").asText().equals("succeeded"));
        assertThat(job.get("runs").get(0).get("tasks")).hasSize(1);
        assertThat(job.get("runs").get(0).get("tasks").get(0).get("stdout").asText()).isEqualTo("finished\n");
        awaitConnection("cut-server-side", "persistent", RECONNECT);
        StewardProcess.sleep(2000);
        assertThat(steward.job(jobId)).isEqualTo(job);
    }

    @Test
    void anAgentKilledMidRunReportsTheRunOnceWhenItReturns() {
        StewardProcess agent = steward.enrolledAgent("cut-agent-side", "2s", "--mode", "push");
        awaitConnection("cut-agent-side", "persistent", RECONNECT);
        String jobId = Installation.json(steward.cli("jobs", "run", "slow", "--targets", "cut-agent-side", "--output", "json"))
                .get("id").asText();
        steward.awaitJob(jobId, j -> j.get("runs").get(0).get("status").asText().equals("running"));

        agent.close(); // SIGKILL: the connection drops without a goodbye
        steward.startAgent("cut-agent-side", null, "2s", "--mode", "push");
        JsonNode run = steward.awaitJob(jobId, j -> !j.get("runs").get(0).get("finished_at").isNull()).get("runs").get(0);
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error").asText()).contains("restarted");
        awaitConnection("cut-agent-side", "persistent", RECONNECT);
        assertThat(steward.cli("jobs", "run", "hello", "--targets", "cut-agent-side", "--wait", "--timeout", "20s").exitCode())
                .isZero();
    }

    @Test
    void fallsBackToPollingWhenPushIsRefusedAndReturnsWhenAllowed() {
        steward.enrolledAgent("fallback", "1s", "--mode", "push", "--reconnect-window", "2s");
        awaitConnection("fallback", "persistent", RECONNECT);

        steward.stopServer();
        steward.startServer("--disable-push");
        awaitConnection("fallback", "poll", RECONNECT);
        Installation.CliResult polled = steward.cli("jobs", "run", "hello", "--targets", "fallback", "--wait",
                "--timeout", "30s");
        assertThat(polled.exitCode()).as(polled.err()).isZero();

        steward.stopServer();
        steward.startServer();
        awaitConnection("fallback", "persistent", Duration.ofSeconds(90));
        assertThat(steward.cli("jobs", "run", "hello", "--targets", "fallback", "--wait", "--timeout", "20s").exitCode())
                .isZero();
    }
}
