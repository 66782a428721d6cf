package dev.steward.protocol;

import java.util.List;

/**
 * The agent's messages in the order they happened: the body of a poll request, or one WebSocket text
 * frame in push mode. Over push, {@code id} names the batch so the server's answer can acknowledge it.
 */
public record AgentBatch(String id, List<AgentMessage> messages) {
    public AgentBatch {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    public AgentBatch(List<AgentMessage> messages) {
        this(null, messages);
    }
}
