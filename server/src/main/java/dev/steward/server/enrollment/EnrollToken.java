package dev.steward.server.enrollment;

import java.time.Instant;

/** A stored enrollment token (its hash only). Reusable until it expires or is revoked. */
public record EnrollToken(String id, String tenantId, Instant createdAt, Instant expiresAt, Instant revokedAt,
        int enrollCount) {

    public String status(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        return expiresAt.isAfter(now) ? "active" : "expired";
    }
}
