package dev.steward.server.fleet;

import java.time.Instant;

/**
 * An agent as admins see it. {@code status} is online, offline or revoked; {@code connection} is
 * persistent (a live push connection), poll (online by polling) or offline; {@code settings} are the effective
 * server-held settings (null fields: the agent's own).
 */
public record AgentView(
        String id,
        String name,
        String status,
        String mode,
        Instant lastSeen,
        Instant enrolledAt,
        long pollIntervalSeconds,
        String hostname,
        String os,
        String agentVersion,
        String connection,
        Instant connectedSince,
        Long bytesSent,
        Long bytesReceived,
        String node,
        AgentSettings settings) {
}
