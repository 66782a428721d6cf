package dev.steward.server.trust;

import dev.steward.server.tenancy.TrustVersion;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Configured trusts: (holder, target) pairs per tenant. */
public final class TrustStore {
    private final Jdbi jdbi;

    public TrustStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<TrustEntry> entries(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT holder_kind, holder_id, target_kind, target_id FROM trusts WHERE tenant_id = :tenant
                ORDER BY created_at, id""")
                .bind("tenant", tenantId)
                .map((rs, ctx) -> new TrustEntry(
                        new TrustNode(TrustNodeKind.fromWire(rs.getString("holder_kind")), rs.getString("holder_id")),
                        new TrustNode(TrustNodeKind.fromWire(rs.getString("target_kind")), rs.getString("target_id"))))
                .list());
    }

    /** Adds the trust; false when it was already there. */
    boolean add(String tenantId, TrustEntry entry, String createdBy, Instant now) {
        return jdbi.inTransaction(h -> {
            int exists = h.createQuery("""
                    SELECT COUNT(*) FROM trusts WHERE tenant_id = :tenant AND holder_kind = :hk AND holder_id = :hid
                      AND target_kind = :tk AND target_id = :tid""")
                    .bind("tenant", tenantId).bind("hk", entry.holder().kind().wireName()).bind("hid", entry.holder().id())
                    .bind("tk", entry.target().kind().wireName()).bind("tid", entry.target().id()).mapTo(Integer.class).one();
            if (exists > 0) {
                return false;
            }
            h.createUpdate("""
                    INSERT INTO trusts (id, tenant_id, holder_kind, holder_id, target_kind, target_id, created_by, created_at)
                    VALUES (:id, :tenant, :hk, :hid, :tk, :tid, :by, :now)""")
                    .bind("id", UUID.randomUUID().toString()).bind("tenant", tenantId)
                    .bind("hk", entry.holder().kind().wireName()).bind("hid", entry.holder().id())
                    .bind("tk", entry.target().kind().wireName()).bind("tid", entry.target().id())
                    .bind("by", createdBy).bind("now", now).execute();
            TrustVersion.bump(h, tenantId);
            return true;
        });
    }

    boolean remove(String tenantId, TrustEntry entry) {
        return jdbi.inTransaction(h -> {
            int removed = h.createUpdate("""
                    DELETE FROM trusts WHERE tenant_id = :tenant AND holder_kind = :hk AND holder_id = :hid
                      AND target_kind = :tk AND target_id = :tid""")
                    .bind("tenant", tenantId).bind("hk", entry.holder().kind().wireName()).bind("hid", entry.holder().id())
                    .bind("tk", entry.target().kind().wireName()).bind("tid", entry.target().id()).execute();
            if (removed > 0) {
                TrustVersion.bump(h, tenantId);
            }
            return removed > 0;
        });
    }

    /** Removes every trust held by or naming the node (it was deleted). */
    void removeNode(String tenantId, TrustNode node) {
        jdbi.useTransaction(h -> {
            int removed = h.createUpdate("""
                    DELETE FROM trusts WHERE tenant_id = :tenant
                      AND ((holder_kind = :kind AND holder_id = :id) OR (target_kind = :kind AND target_id = :id))""")
                    .bind("tenant", tenantId).bind("kind", node.kind().wireName()).bind("id", node.id()).execute();
            if (removed > 0) {
                TrustVersion.bump(h, tenantId);
            }
        });
    }
}
