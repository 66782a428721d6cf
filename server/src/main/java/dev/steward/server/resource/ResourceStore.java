package dev.steward.server.resource;

import dev.steward.server.store.Rows;
import dev.steward.server.tenancy.TrustVersion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The resource catalog (names, folders, hashes); the bytes are in {@link ResourceBlobs}. */
public final class ResourceStore {
    private final Jdbi jdbi;

    public ResourceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<Resource> all(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM resources WHERE tenant_id = :tenant ORDER BY name")
                .bind("tenant", tenantId).map((rs, ctx) -> map(rs)).list());
    }

    Optional<Resource> byName(String tenantId, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM resources WHERE tenant_id = :tenant AND name = :name")
                .bind("tenant", tenantId).bind("name", name).map((rs, ctx) -> map(rs)).findOne());
    }

    List<Resource> byHash(String tenantId, String sha256) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM resources WHERE tenant_id = :tenant AND sha256 = :sha")
                .bind("tenant", tenantId).bind("sha", sha256).map((rs, ctx) -> map(rs)).list());
    }

    // Resources and their folders are part of the trust tree: placing, moving or deleting one bumps the
    // tenant's trust version. New content under the same name does not (the gate resolves content per admission).

    void insert(String tenantId, Resource resource, String createdBy) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                    INSERT INTO resources (id, tenant_id, folder_id, name, sha256, size_bytes, created_by, created_at, updated_at)
                    VALUES (:id, :tenant, :folder, :name, :sha, :size, :by, :created, :updated)""")
                    .bind("id", resource.id()).bind("tenant", tenantId).bind("folder", resource.folderId())
                    .bind("name", resource.name()).bind("sha", resource.sha256()).bind("size", resource.size())
                    .bind("by", createdBy).bind("created", resource.createdAt()).bind("updated", resource.updatedAt()).execute();
            TrustVersion.bump(h, tenantId);
        });
    }

    void replaceContent(String tenantId, String id, String sha256, long size, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("""
                UPDATE resources SET sha256 = :sha, size_bytes = :size, updated_at = :now WHERE id = :id AND tenant_id = :tenant""")
                .bind("sha", sha256).bind("size", size).bind("now", now).bind("id", id).bind("tenant", tenantId).execute());
    }

    void move(String tenantId, String id, String folderId) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE resources SET folder_id = :folder WHERE id = :id AND tenant_id = :tenant")
                    .bind("folder", folderId).bind("id", id).bind("tenant", tenantId).execute();
            TrustVersion.bump(h, tenantId);
        });
    }

    void delete(String tenantId, String id) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM resources WHERE id = :id AND tenant_id = :tenant")
                    .bind("id", id).bind("tenant", tenantId).execute();
            TrustVersion.bump(h, tenantId);
        });
    }

    /** Every content hash some resource row (of any tenant) points at: content the collector must keep. */
    java.util.Set<String> allHashes() {
        return jdbi.withHandle(h -> new java.util.HashSet<>(h.createQuery("SELECT DISTINCT sha256 FROM resources")
                .mapTo(String.class).list()));
    }

    /** Whether any resource row (of any tenant) points at this content now. */
    boolean anyPointsAt(String sha256) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM resources WHERE sha256 = :sha")
                .bind("sha", sha256).mapTo(Long.class).one() > 0);
    }

    private static Resource map(ResultSet rs) throws SQLException {
        return new Resource(rs.getString("id"), rs.getString("name"), rs.getString("folder_id"), rs.getString("sha256"),
                rs.getLong("size_bytes"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
