package dev.steward.server.catalog;

import dev.steward.server.store.Rows;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Projects and run books: one named JSON definition per row, in a module folder. Applying replaces. */
public final class CompositeStore {
    private final Jdbi jdbi;

    public CompositeStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    record Row(String id, String name, String folderId, String definition, Instant updatedAt) {
    }

    /** Inserts or replaces by name; a null folder keeps the existing one (root for a new definition). */
    void upsert(CompositeKind kind, String tenantId, String name, String folderId, boolean keepFolder, String definition,
            Instant now) {
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE <table> SET definition = :def, updated_at = :now"
                    + (keepFolder ? "" : ", folder_id = :folder") + " WHERE tenant_id = :tenant AND name = :name")
                    .define("table", kind.table).bind("def", definition).bind("now", now).bind("folder", folderId)
                    .bind("tenant", tenantId).bind("name", name).execute();
            if (updated == 0) {
                h.createUpdate("""
                        INSERT INTO <table> (id, tenant_id, folder_id, name, definition, updated_at)
                        VALUES (:id, :tenant, :folder, :name, :def, :now)""")
                        .define("table", kind.table).bind("id", UUID.randomUUID().toString()).bind("tenant", tenantId)
                        .bind("folder", folderId).bind("name", name).bind("def", definition).bind("now", now).execute();
            }
        });
    }

    Optional<Row> byName(CompositeKind kind, String tenantId, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM <table> WHERE tenant_id = :tenant AND name = :name")
                .define("table", kind.table).bind("tenant", tenantId).bind("name", name)
                .map((rs, ctx) -> new Row(rs.getString("id"), rs.getString("name"), rs.getString("folder_id"),
                        rs.getString("definition"), Rows.instant(rs, "updated_at"))).findOne());
    }

    List<Row> all(CompositeKind kind, String tenantId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM <table> WHERE tenant_id = :tenant ORDER BY name")
                .define("table", kind.table).bind("tenant", tenantId)
                .map((rs, ctx) -> new Row(rs.getString("id"), rs.getString("name"), rs.getString("folder_id"),
                        rs.getString("definition"), Rows.instant(rs, "updated_at"))).list());
    }

    void move(CompositeKind kind, String tenantId, String name, String folderId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE <table> SET folder_id = :folder WHERE tenant_id = :tenant AND name = :name")
                .define("table", kind.table).bind("folder", folderId).bind("tenant", tenantId).bind("name", name).execute());
    }

    void delete(CompositeKind kind, String tenantId, String name) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM <table> WHERE tenant_id = :tenant AND name = :name")
                .define("table", kind.table).bind("tenant", tenantId).bind("name", name).execute());
    }
}
