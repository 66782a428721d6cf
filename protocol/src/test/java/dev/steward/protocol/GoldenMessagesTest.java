package dev.steward.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wire format is a contract with agents already in the field: these golden files pin it. A change
 * that alters them is a protocol change and must be deliberate (regenerate with -Dgolden.update=true
 * and review the diff).
 */
class GoldenMessagesTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final Instant T1 = Instant.parse("2026-01-02T03:04:07.5Z");
    private static final String RUN = "0f8fad5b-d9cb-469f-a165-70867728950e";

    static ModuleSpec module() {
        return new ModuleSpec("hello", 3, "says hello", List.of(
                new TaskSpec("greet", List.of("sh", "-c", "echo hi"), null, null, 30, OnError.STOP, Map.of()),
                new TaskSpec("script", null, "echo one\n", "bash", 600, OnError.CONTINUE, Map.of("GREETING", "hi"))));
    }

    @Test
    void agentBatch() throws IOException {
        AgentBatch batch = new AgentBatch(List.of(
                new AgentMessage.CheckIn("0.1.0", "web-01", "Linux 6.1 amd64", 60, "3f2a"),
                new AgentMessage.RunAccepted(RUN),
                new AgentMessage.RunStarted(RUN),
                new AgentMessage.RunOutput(RUN, "greet", "stdout", "hi\n"),
                new AgentMessage.RunFinished(new RunResult(RUN, RunStatus.FAILED, List.of(
                        new TaskResult("greet", TaskStatus.FAILED, 3, "hi\n", "oops\n", T0, T1),
                        new TaskResult("script", TaskStatus.SKIPPED, null, "", "", null, null)), T0, T1)),
                new AgentMessage.RunFinished(new RunResult(RUN, RunStatus.FAILED, List.of(), T0, T1,
                        "the agent was stopped while this run was in progress")),
                new AgentMessage.InventoryReport("inv-7", new Inventory("web-01", "Debian GNU/Linux", "12",
                        "6.1.0-18-amd64", 2, 8_589_934_592L,
                        List.of(new Inventory.Disk("/", "ext4", 107_374_182_400L, 53_687_091_200L)),
                        List.of(new Inventory.NetworkInterface("eth0", "52:54:00:12:34:56", List.of("192.0.2.10"), true)),
                        "0.1.0", 86_400, T1))));
        assertGolden("agent-batch.json", batch, AgentBatch.class);
    }

    @Test
    void serverBatch() throws IOException {
        ServerBatch batch = new ServerBatch(List.of(
                new ServerMessage.AssignRun(RUN, "7c9e6679-7425-40de-944b-e07fc1f90ae7", module(), 1048576),
                new ServerMessage.CancelRun(RUN),
                new ServerMessage.Settings("3f2a", "push", 3600L, null),
                new ServerMessage.CollectInventory("inv-7")));
        assertGolden("server-batch.json", batch, ServerBatch.class);
        assertGolden("push-ack.json", new ServerBatch("b-42", List.of(new ServerMessage.CancelRun(RUN)), null),
                ServerBatch.class);
        assertGolden("push-refusal.json", new ServerBatch("b-43", List.of(),
                new ErrorBody(400, "messages[0].run_id: expected a run id (UUID)", "messages[0].run_id")), ServerBatch.class);
        assertGolden("push-batch.json", new AgentBatch("b-42", List.of(new AgentMessage.RunAccepted(RUN))),
                AgentBatch.class);
    }

    /** Resources: a deliver task, a script whose body is a resource, and a task the server refuses to offer. */
    @Test
    void assignRunWithResources() throws IOException {
        ResourceRef config = new ResourceRef("nginx.conf",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 1234L);
        ResourceRef setup = new ResourceRef("setup.sh",
                "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", 56L);
        ModuleSpec module = new ModuleSpec("web", 4, "configures the web server", List.of(
                new TaskSpec("config", null, null, null, 60, OnError.STOP, Map.of(), config,
                        new Delivery("/etc/nginx/nginx.conf", "0644"), null),
                new TaskSpec("setup", null, null, "bash", 600, OnError.CONTINUE, Map.of(), setup, null, null),
                new TaskSpec("untrusted", null, null, "sh", 600, OnError.STOP, Map.of(), setup, null,
                        "resource 'setup.sh' is not fully trusted for this agent")));
        assertGolden("assign-run-resources.json", new ServerBatch(List.of(
                new ServerMessage.AssignRun(RUN, "7c9e6679-7425-40de-944b-e07fc1f90ae7", module, 1048576))),
                ServerBatch.class);
    }

    @Test
    void enrollment() throws IOException {
        assertGolden("enroll-request.json", new EnrollRequest("stw_enroll_x", "web-01",
                "-----BEGIN CERTIFICATE REQUEST-----\n...", "web-01.example", "Linux", "0.1.0"), EnrollRequest.class);
        assertGolden("enroll-response.json", new EnrollResponse("9f8a1562-23d0-48e7-9aa0-0f3fb8e6ebba",
                "2c1b7e56-1d8c-4f1e-9d7e-3b5a4c2d1e0f", "-----BEGIN CERTIFICATE-----\n...",
                "-----BEGIN CERTIFICATE-----\n..."), EnrollResponse.class);
        assertGolden("error.json", new ErrorBody(400, "tasks[0].timeout: expected a duration", "tasks[0].timeout"),
                ErrorBody.class);
    }

    private static <T> void assertGolden(String file, T value, Class<T> type) throws IOException {
        Path path = GOLDEN.resolve(file);
        String encoded = Wire.json().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(path, encoded + "\n");
        }
        JsonNode expected = Wire.json().readTree(Files.readString(path));
        assertThat(Wire.json().readTree(encoded)).as("encoding of " + file).isEqualTo(expected);
        assertThat(Wire.json().readValue(Files.readString(path), type)).as("decoding of " + file).isEqualTo(value);
    }
}
