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
}
