package dev.steward.server.folder;

import dev.steward.server.store.Rows;
import dev.steward.server.tenancy.TrustVersion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The folder trees. A tenant's tree of one kind is small (people make folders), so it is read whole. */
public final class FolderStore {
    private final Jdbi jdbi;

    public FolderStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<Folder> all(String tenantId, FolderKind kind) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM folders WHERE tenant_id = :tenant AND kind = :kind ORDER BY path")
                .bind("tenant", tenantId).bind("kind", kind.wireName()).map((rs, ctx) -> map(rs)).list());
    }

    void insert(String tenantId, Folder folder) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                    INSERT INTO folders (id, tenant_id, kind, parent_id, name, path, created_at)
                    VALUES (:id, :tenant, :kind, :parent, :name, :path, :now)""")
                    .bind("id", folder.id()).bind("tenant", tenantId).bind("kind", folder.kind().wireName())
                    .bind("parent", folder.parentId()).bind("name", folder.name()).bind("path", folder.path())
                    .bind("now", folder.createdAt()).execute();
            TrustVersion.bump(h, tenantId);
        });
    }

    /** Rewrites parent, name and path of folders (a move or rename and its descendants) in one transaction. */
    void update(String tenantId, List<Folder> changed) {
        jdbi.useTransaction(h -> {
            // Two passes: a path may be taken over by another folder of the same batch (a swap), so park first.
            for (Folder folder : changed) {
                h.createUpdate("UPDATE folders SET path = :parked WHERE id = :id AND tenant_id = :tenant")
                        .bind("parked", "#" + folder.id()).bind("id", folder.id()).bind("tenant", tenantId).execute();
            }
            for (Folder folder : changed) {
                h.createUpdate("UPDATE folders SET parent_id = :parent, name = :name, path = :path WHERE id = :id AND tenant_id = :tenant")
                        .bind("parent", folder.parentId()).bind("name", folder.name()).bind("path", folder.path())
                        .bind("id", folder.id()).bind("tenant", tenantId).execute();
            }
            TrustVersion.bump(h, tenantId);
        });
    }

    void delete(String tenantId, String folderId) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM folders WHERE id = :id AND tenant_id = :tenant")
                    .bind("id", folderId).bind("tenant", tenantId).execute();
            TrustVersion.bump(h, tenantId);
        });
    }

    /** How many items (teams; modules, projects and run books; resources) each folder holds directly. */
    Map<String, Integer> itemCounts(String tenantId, FolderKind kind) {
        List<String> queries = switch (kind) {
            case TEAM -> List.of("SELECT folder_id, COUNT(*) AS n FROM teams WHERE tenant_id = :tenant GROUP BY folder_id");
            case MODULE -> List.of(
                    "SELECT folder_id, COUNT(DISTINCT name) AS n FROM modules WHERE tenant_id = :tenant GROUP BY folder_id",
                    "SELECT folder_id, COUNT(*) AS n FROM projects WHERE tenant_id = :tenant GROUP BY folder_id",
                    "SELECT folder_id, COUNT(*) AS n FROM runbooks WHERE tenant_id = :tenant GROUP BY folder_id");
            case RESOURCE -> List.of("SELECT folder_id, COUNT(*) AS n FROM resources WHERE tenant_id = :tenant GROUP BY folder_id");
        };
        Map<String, Integer> counts = new HashMap<>();
        jdbi.useHandle(h -> {
            for (String sql : queries) {
                h.createQuery(sql).bind("tenant", tenantId).map((rs, ctx) -> {
                    String folder = rs.getString("folder_id");
                    if (folder != null) {
                        counts.merge(folder, rs.getInt("n"), Integer::sum);
                    }
                    return null;
                }).list();
            }
        });
        return counts;
    }

    private static Folder map(ResultSet rs) throws SQLException {
        return new Folder(rs.getString("id"), FolderKind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("parent_id"), rs.getString("name"), rs.getString("path"), Rows.instant(rs, "created_at"));
    }
}
