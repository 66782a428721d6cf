package dev.steward.server.fleet;

/**
 * Told when an agent stops being able to report (revoked), so capabilities holding work for it can
 * close that work instead of waiting forever. Lets the fleet notify jobs without depending on them.
 */
@FunctionalInterface
public interface AgentRemovalListener {
    /**
     * Closes the agent's work within the revoking transaction {@code h}, so the revocation and the closing
     * commit together or not at all; returns what is left to do once that transaction committed.
     */
    Runnable agentRemoved(org.jdbi.v3.core.Handle h, String agentId, String reason);
}
