package dev.steward.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steward.agent.identity.StateFiles;
import dev.steward.protocol.Wire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The agent's own view of its connection, written to {@code STATE/status.json} after every exchange so
 * {@code steward agent status} can show it without talking to the running agent.
 */
public record AgentStatus(
        String agentId,
        String name,
        String server,
        String mode,
        String connection,
        Instant connectedSince,
        String tlsProtocol,
        String tlsCipher,
        long bytesSent,
        long bytesReceived,
        Instant lastContact,
        String lastError,
        int spooledResults,
        long pollIntervalSeconds,
        Instant updatedAt) {

    static final String FILE = "status.json";

    void save(Path stateDir) {
        try {
            StateFiles.writeAtomically(stateDir.resolve(FILE), Wire.json().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(this), false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Optional<AgentStatus> load(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(Wire.json().readValue(file.toFile(), AgentStatus.class));
    }
}
