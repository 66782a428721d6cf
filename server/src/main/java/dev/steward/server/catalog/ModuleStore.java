package dev.steward.server.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steward.protocol.ModuleSpec;
import dev.steward.protocol.Wire;
import dev.steward.server.store.Rows;
import dev.steward.server.tenancy.TrustVersion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Module versions. A version is immutable once written; applying again writes the next version. */
public final class ModuleStore {
    private final Jdbi jdbi;

    public ModuleStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Writes the next version; {@code keepFolder}: in the previous version's folder, else in {@code folderId}. */
    public ModuleView insertNextVersion(String tenantId, ModuleSpec spec, String createdBy, Instant now, String folderId,
            boolean keepFolder) {
        return jdbi.inTransaction(h -> {
            int version = h.createQuery("SELECT COALESCE(MAX(version), 0) FROM modules WHERE tenant_id = :tenant AND name = :name")
                    .bind("tenant", tenantId).bind("name", spec.name()).mapTo(Integer.class).one() + 1;
            String folder = !keepFolder ? folderId : h.createQuery("""
                    SELECT folder_id FROM modules WHERE tenant_id = :tenant AND name = :name ORDER BY version DESC""")
                    .bind("tenant", tenantId).bind("name", spec.name()).mapTo(String.class).findFirst().orElse(null);
            ModuleSpec versioned = new ModuleSpec(spec.name(), version, spec.description(), spec.tasks());
            String id = UUID.randomUUID().toString();
            h.createUpdate("""
                    INSERT INTO modules (id, tenant_id, name, version, description, definition, created_by, created_at, folder_id)
                    VALUES (:id, :tenant, :name, :version, :description, :definition, :by, :now, :folder)""")
                    .bind("folder", folder)
                    .bind("id", id).bind("tenant", tenantId).bind("name", spec.name()).bind("version", version)
                    .bind("description", spec.description()).bind("definition", encode(versioned))
                    .bind("by", createdBy).bind("now", now).execute();
            if (!keepFolder) {
                // The folder belongs to the module (its name): every version moves with the new one.
                h.createUpdate("UPDATE modules SET folder_id = :folder WHERE tenant_id = :tenant AND name = :name")
                        .bind("folder", folder).bind("tenant", tenantId).bind("name", spec.name()).execute();
            }
            TrustVersion.bump(h, tenantId); // a new module, or one moved with its new version, changes the module tree
            return new ModuleView(id, spec.name(), version, spec.description(), spec.tasks(), now, folder);
        });
    }

    public Optional<ModuleView> latest(String tenantId, String name) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT * FROM modules WHERE tenant_id = :tenant AND name = :name ORDER BY version DESC""")
                .bind("tenant", tenantId).bind("name", name).map((rs, ctx) -> map(rs)).findFirst());
    }

    public Optional<ModuleSpec> spec(String moduleId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT definition FROM modules WHERE id = :id")
                .bind("id", moduleId).mapTo(String.class).findOne()).map(ModuleStore::decode);
    }

    public List<ModuleView> listLatest(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT m.* FROM modules m
                WHERE m.tenant_id = :tenant
                  AND m.version = (SELECT MAX(v.version) FROM modules v WHERE v.tenant_id = m.tenant_id AND v.name = m.name)
                ORDER BY m.name""")
                .bind("tenant", tenantId).map((rs, ctx) -> map(rs)).list());
    }

    /** Each module's folder id (null: root), by name; all versions share it, so no definition is decoded. */
    java.util.Map<String, String> folderIds(String tenantId) {
        java.util.Map<String, String> byName = new java.util.HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT DISTINCT name, folder_id FROM modules WHERE tenant_id = :tenant")
                .bind("tenant", tenantId).map((rs, ctx) -> byName.put(rs.getString("name"), rs.getString("folder_id"))).list());
        return byName;
    }

    /** Moves every version of a module (its folder belongs to the name). */
    void move(String tenantId, String name, String folderId) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE modules SET folder_id = :folder WHERE tenant_id = :tenant AND name = :name")
                    .bind("folder", folderId).bind("tenant", tenantId).bind("name", name).execute();
            TrustVersion.bump(h, tenantId);
        });
    }

    private static ModuleView map(ResultSet rs) throws SQLException {
        ModuleSpec spec = decode(rs.getString("definition"));
        return new ModuleView(rs.getString("id"), rs.getString("name"), rs.getInt("version"),
                rs.getString("description"), spec.tasks(), Rows.instant(rs, "created_at"), rs.getString("folder_id"));
    }

    static String encode(ModuleSpec spec) {
        try {
            return Wire.json().writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode module " + spec.name(), e);
        }
    }

    static ModuleSpec decode(String json) {
        try {
            return Wire.json().readValue(json, ModuleSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored module definition is unreadable", e);
        }
    }
}
