package dev.steward.server.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Admin API tokens, stored by hash only. */
public final class AdminTokenStore {
    private final Jdbi jdbi;

    public AdminTokenStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public String insert(String tenantId, String name, String tokenHash, Role role, Instant now) {
        String id = UUID.randomUUID().toString();
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO admin_tokens (id, tenant_id, name, token_hash, role, created_at)
                VALUES (:id, :tenant, :name, :hash, :role, :now)""")
                .bind("id", id).bind("tenant", tenantId).bind("name", name).bind("hash", tokenHash)
                .bind("role", role.name()).bind("now", now).execute());
        return id;
    }

    public Optional<Principal> findActive(String tokenHash) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT id, tenant_id, role FROM admin_tokens WHERE token_hash = :hash AND revoked_at IS NULL""")
                .bind("hash", tokenHash)
                .map((rs, ctx) -> new Principal(rs.getString("id"), rs.getString("tenant_id"),
                        Role.valueOf(rs.getString("role"))))
                .findOne());
    }

    /** A token as listed: never its secret, which is not stored. */
    public record TokenRow(String id, String name, String role, Instant createdAt, Instant revokedAt) {
    }

    java.util.List<TokenRow> list(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT id, name, role, created_at, revoked_at FROM admin_tokens WHERE tenant_id = :tenant ORDER BY created_at, id""")
                .bind("tenant", tenantId)
                .map((rs, ctx) -> new TokenRow(rs.getString("id"), rs.getString("name"),
                        rs.getString("role").toLowerCase(java.util.Locale.ROOT), dev.steward.server.store.Rows.instant(rs, "created_at"),
                        dev.steward.server.store.Rows.instant(rs, "revoked_at")))
                .list());
    }

    boolean revoke(String tenantId, String id, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                UPDATE admin_tokens SET revoked_at = :now WHERE id = :id AND tenant_id = :tenant AND revoked_at IS NULL""")
                .bind("now", now).bind("id", id).bind("tenant", tenantId).execute()) == 1;
    }

    boolean isActive(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM admin_tokens WHERE id = :id AND revoked_at IS NULL")
                .bind("id", id).mapTo(Integer.class).one() > 0);
    }
}
