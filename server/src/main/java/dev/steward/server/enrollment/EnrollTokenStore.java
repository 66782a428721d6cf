package dev.steward.server.enrollment;

import dev.steward.server.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class EnrollTokenStore {
    private final Jdbi jdbi;

    public EnrollTokenStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void insert(EnrollToken token, String hash, String createdBy) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO enroll_tokens (id, tenant_id, token_hash, created_by, created_at, expires_at, enroll_count)
                VALUES (:id, :tenant, :hash, :by, :created, :expires, 0)""")
                .bind("id", token.id()).bind("tenant", token.tenantId()).bind("hash", hash).bind("by", createdBy)
                .bind("created", token.createdAt()).bind("expires", token.expiresAt()).execute());
    }

    public Optional<EnrollToken> findByHash(String hash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM enroll_tokens WHERE token_hash = :hash")
                .bind("hash", hash).map((rs, ctx) -> map(rs)).findOne());
    }

    public List<EnrollToken> list(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM enroll_tokens WHERE tenant_id = :tenant ORDER BY created_at")
                .bind("tenant", tenantId).map((rs, ctx) -> map(rs)).list());
    }

    public boolean revoke(String tenantId, String id, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                UPDATE enroll_tokens SET revoked_at = :now WHERE id = :id AND tenant_id = :tenant AND revoked_at IS NULL""")
                .bind("now", now).bind("id", id).bind("tenant", tenantId).execute()) == 1;
    }

    public void countUse(String id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE enroll_tokens SET enroll_count = enroll_count + 1 WHERE id = :id")
                .bind("id", id).execute());
    }

    private static EnrollToken map(ResultSet rs) throws SQLException {
        return new EnrollToken(rs.getString("id"), rs.getString("tenant_id"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "expires_at"), Rows.instant(rs, "revoked_at"), rs.getInt("enroll_count"));
    }
}
