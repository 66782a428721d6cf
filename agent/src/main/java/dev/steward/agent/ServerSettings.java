package dev.steward.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steward.agent.identity.StateFiles;
import dev.steward.protocol.ServerMessage;
import dev.steward.protocol.Wire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last settings the server sent, kept in the state directory so a restarted agent applies them at once. */
final class ServerSettings {
    private static final Logger LOG = LoggerFactory.getLogger(ServerSettings.class);
    private static final String FILE = "settings.json";

    private ServerSettings() {
    }

    static Optional<ServerMessage.Settings> load(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Wire.json().readValue(file.toFile(), ServerMessage.Settings.class));
        } catch (IOException e) {
            LOG.warn("ignoring unreadable {}; the server will send the settings again", file);
            return Optional.empty();
        }
    }

    static void save(Path stateDir, ServerMessage.Settings settings) {
        try {
            StateFiles.writeAtomically(stateDir.resolve(FILE), Wire.json().writeValueAsString(settings), false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
