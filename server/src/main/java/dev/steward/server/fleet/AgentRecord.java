package dev.steward.server.fleet;

import java.time.Instant;

/** One enrolled agent as stored. Its identity is {@link #id()}, which is the CN of its certificate. */
public record AgentRecord(
        String id,
        String tenantId,
        String name,
        String certFingerprint,
        Instant enrolledAt,
        Instant lastSeen,
        Instant revokedAt,
        String mode,
        long pollIntervalSeconds,
        String hostname,
        String os,
        String agentVersion,
        AgentSettings settings) {

    public AgentRecord {
        if (settings == null) {
            settings = AgentSettings.NONE;
        }
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
