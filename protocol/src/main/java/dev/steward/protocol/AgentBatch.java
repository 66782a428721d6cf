package dev.steward.protocol;

import java.util.List;

/** One poll-transport request: the agent's messages in the order they happened. */
public record AgentBatch(List<AgentMessage> messages) {
    public AgentBatch {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }
}
