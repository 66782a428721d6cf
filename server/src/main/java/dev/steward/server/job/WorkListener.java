package dev.steward.server.job;

import java.util.Collection;

/**
 * Told when agents have new work or new cancellations, so a push channel can deliver it at once instead
 * of at the next check-in. Lets jobs notify the gateway without depending on it.
 */
@FunctionalInterface
public interface WorkListener {
    void workChanged(Collection<String> agentIds);

    WorkListener NONE = agentIds -> { };
}
