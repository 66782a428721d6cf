package dev.steward.server.fleet;

/**
 * Told when an agent stops being able to report (revoked), so capabilities holding work for it can
 * close that work instead of waiting forever. Lets the fleet notify jobs without depending on them.
 */
@FunctionalInterface
public interface AgentRemovalListener {
    void agentRemoved(String agentId, String reason);
}
