package dev.steward.server.fleet;

import java.time.Instant;

/**
 * An agent as admins see it. {@code status} is online, offline or revoked; {@code connection} is
 * persistent (a live push connection), poll (online by polling) or offline; {@code settings} are the effective
 * server-held settings (own over primary team over tenant defaults; null fields: the agent's own); {@code labels}
 * the effective labels (admin-set over derived).
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
        AgentSettings settings,
        java.util.Map<String, String> labels,
        String primaryTeam) {
}
