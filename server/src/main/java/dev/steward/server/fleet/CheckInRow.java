package dev.steward.server.fleet;

import java.time.Instant;

/** What a check-in tells about its agent, to be written with other agents' in one batch. */
public record CheckInRow(String agentId, Instant at, String hostname, String os, String version, long pollIntervalSeconds) {
}
