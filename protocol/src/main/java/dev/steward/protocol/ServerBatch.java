package dev.steward.protocol;

import java.util.List;

/**
 * The server's messages to an agent. As the answer to an {@link AgentBatch}, it means every agent
 * message was durably taken: over poll that is the HTTP 200, over push it is {@code ack} = the batch id
 * (with {@code error} set instead when the batch was refused, as a 4xx would say). A batch with neither
 * is unsolicited: new work pushed the moment it exists.
 */
public record ServerBatch(String ack, List<ServerMessage> messages, ErrorBody error) {
    public ServerBatch {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    public ServerBatch(List<ServerMessage> messages) {
        this(null, messages, null);
    }
}
