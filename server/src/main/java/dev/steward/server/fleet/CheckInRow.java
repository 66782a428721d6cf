package dev.steward.server.fleet;

import java.time.Instant;

/** What a check-in tells about its agent, to be written with other agents' in one batch. */
public record CheckInRow(String agentId, Instant at, String hostname, String os, String version, long pollIntervalSeconds) {
    /** Whether the two say the same about the agent, whenever they were made. */
    boolean sameDetails(CheckInRow other) {
        return agentId.equals(other.agentId) && java.util.Objects.equals(hostname, other.hostname)
                && java.util.Objects.equals(os, other.os) && java.util.Objects.equals(version, other.version)
                && pollIntervalSeconds == other.pollIntervalSeconds;
    }
}
