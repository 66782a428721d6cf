package dev.steward.protocol;

import java.util.List;

/** The server's answer to an {@link AgentBatch}: a 200 means every agent message was durably taken. */
public record ServerBatch(List<ServerMessage> messages) {
    public ServerBatch {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }
}
