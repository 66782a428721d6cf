package dev.steward.e2e;

import dev.steward.agent.identity.AgentIdentity;
import dev.steward.agent.identity.Enroller;
import dev.steward.agent.tls.AgentTls;
import dev.steward.protocol.AgentBatch;
import dev.steward.protocol.AgentMessage;
import dev.steward.protocol.AgentPaths;
import dev.steward.protocol.Fingerprint;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.RunStatus;
import dev.steward.protocol.ServerBatch;
import dev.steward.protocol.TaskResult;
import dev.steward.protocol.TaskStatus;
import dev.steward.protocol.Wire;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An agent played by the test over the real protocol: enrolled by the real agent code (its own key pair and
 * CSR), then speaking {@code /agent/v1/exchange} over mutual TLS with its certificate, so the test decides
 * exactly which results it sends and sees exactly which ones the server acknowledged.
 */
final class ProtocolAgent {
    private static final AgentMessage.CheckIn CHECK_IN = new AgentMessage.CheckIn("e2e", "durability-host",
            "Linux 6.1 amd64", 60);

    private final String name;
    private final RawClient client;

    private ProtocolAgent(String name, RawClient client) {
        this.name = name;
        this.client = client;
    }

    static ProtocolAgent enroll(Installation steward, String name) {
        AgentIdentity identity = Enroller.enroll(URI.create(steward.url()), steward.enrollToken("1h"),
                Fingerprint.parse(steward.fingerprint()), name);
        return new ProtocolAgent(name, new RawClient(URI.create(steward.url()), AgentTls.forIdentity(identity)));
    }

    String name() {
        return name;
    }

    /**
     * A check-in carrying these results. Returns the server's answer only when it is a complete 200 (the
     * protocol's "every message was durably taken"); any other complete answer is a {@link Refused}.
     */
    ServerBatch checkIn(List<RunResult> results) throws IOException {
        List<AgentMessage> messages = new ArrayList<>(List.of(CHECK_IN));
        results.forEach(result -> messages.add(new AgentMessage.RunFinished(result)));
        RawClient.Answer answer = client.postJson(AgentPaths.EXCHANGE, new AgentBatch(messages), null);
        if (answer.status() != 200) {
            throw new Refused(name + ": the server answered " + answer);
        }
        return Wire.json().treeToValue(answer.body(), ServerBatch.class);
    }

    /** What this agent reports for a run: one task whose output names the run, so a stored result can be matched. */
    static RunResult resultOf(String runId) {
        Instant now = Instant.now();
        return new RunResult(runId, RunStatus.SUCCEEDED, List.of(new TaskResult("t", TaskStatus.SUCCEEDED, 0,
                outputOf(runId), "", now, now)), now, now);
    }

    static String outputOf(String runId) {
        return "result of run " + runId + "\n";
    }

    /** A complete answer that is not a success: never expected for these well-formed requests. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }
}
