package dev.steward.server.fleet;

import java.time.Instant;
import java.util.Map;

/**
 * One enrolled agent as stored. Its identity is {@link #id()}, which is the CN of its certificate.
 * {@code labels} are the admin-set ones (see {@link AgentLabels#effective}); {@code primaryTeam} is null
 * when the agent has none.
 */
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
        AgentSettings settings,
        Map<String, String> labels,
        PrimaryTeam primaryTeam) {

    /** The team an agent takes its settings and inherited trusts from. */
    public record PrimaryTeam(String id, String name, AgentSettings settings) {
    }

    public AgentRecord {
        if (settings == null) {
            settings = AgentSettings.NONE;
        }
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A newly enrolled agent: no labels, no team yet. */
    public AgentRecord(String id, String tenantId, String name, String certFingerprint, Instant enrolledAt,
            Instant lastSeen, Instant revokedAt, String mode, long pollIntervalSeconds, String hostname, String os,
            String agentVersion, AgentSettings settings) {
        this(id, tenantId, name, certFingerprint, enrolledAt, lastSeen, revokedAt, mode, pollIntervalSeconds, hostname,
                os, agentVersion, settings, Map.of(), null);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** Settings between the tenant defaults and the agent's own: its primary team's. */
    public AgentSettings teamSettings() {
        return primaryTeam == null ? AgentSettings.NONE : primaryTeam.settings();
    }
}
