package dev.steward.server.folder;

import dev.steward.server.http.ApiException;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Team, module and resource folders of the caller's tenant: create, list, move, rename, delete. */
public final class FolderService {
    private final FolderStore store;
    private final FolderRemovalListener removals;
    private final Clock clock;

    public FolderService(FolderStore store, FolderRemovalListener removals, Clock clock) {
        this.store = store;
        this.removals = removals;
        this.clock = clock;
    }

    /** Creates the folder; with {@code parents}, missing parents too (and an existing folder is no error). */
    public FolderView create(Principal caller, FolderKind kind, String path, boolean parents) {
        caller.require(kind.managePermission());
        List<String> segments = FolderPath.segments("path", path);
        if (segments.isEmpty()) {
            throw ApiException.badRequest("path", "path: the root folder always exists; name a folder below it");
        }
        Tree tree = tree(caller.tenantId(), kind);
        String parentId = null;
        String parentPath = "/";
        for (int i = 0; i < segments.size(); i++) {
            String here = FolderPath.child(parentPath, segments.get(i));
            Folder existing = tree.byPath.get(here);
            boolean last = i == segments.size() - 1;
            if (existing == null) {
                if (!last && !parents) {
                    throw ApiException.notFound("no " + kind.wireName() + " folder '" + here
                            + "'; create it first, or pass --parents to create missing folders");
                }
                existing = new Folder(UUID.randomUUID().toString(), kind, parentId, segments.get(i), here, clock.instant());
                store.insert(caller.tenantId(), existing);
                tree.add(existing);
            } else if (last && !parents) {
                throw ApiException.conflict(kind.wireName() + " folder '" + here + "' already exists");
            }
            parentId = existing.id();
            parentPath = here;
        }
        return view(tree(caller.tenantId(), kind), tree.byPath.get(parentPath), store.itemCounts(caller.tenantId(), kind));
    }

    public List<FolderView> list(Principal caller, FolderKind kind) {
        caller.require(Permission.VIEW);
        Tree tree = tree(caller.tenantId(), kind);
        Map<String, Integer> items = store.itemCounts(caller.tenantId(), kind);
        return tree.folders.stream().map(f -> view(tree, f, items)).toList();
    }

    /** Moves a folder (with everything in it) under another folder, or to the root with {@code "/"}. */
    public FolderView move(Principal caller, FolderKind kind, String path, String newParentPath) {
        caller.require(kind.managePermission());
        Tree tree = tree(caller.tenantId(), kind);
        Folder folder = tree.require(kind, FolderPath.normalize("path", path));
        String parentPath = FolderPath.normalize("to", newParentPath);
        Folder parent = parentPath.equals("/") ? null : tree.require(kind, parentPath);
        if (parent != null && (parent.id().equals(folder.id()) || parent.path().startsWith(folder.path() + "/"))) {
            throw ApiException.badRequest("to", "cannot move '" + folder.path() + "' into itself or a folder inside it ('"
                    + parentPath + "')");
        }
        return relocate(caller.tenantId(), tree, folder, parent, folder.name());
    }

    public FolderView rename(Principal caller, FolderKind kind, String path, String newName) {
        caller.require(kind.managePermission());
        Tree tree = tree(caller.tenantId(), kind);
        Folder folder = tree.require(kind, FolderPath.normalize("path", path));
        String name = dev.steward.server.http.Names.require("name", newName);
        Folder parent = folder.parentId() == null ? null : tree.byId.get(folder.parentId());
        return relocate(caller.tenantId(), tree, folder, parent, name);
    }

    /** Deletes an empty folder; a folder holding folders or items is refused, saying what it holds. */
    public void delete(Principal caller, FolderKind kind, String path) {
        caller.require(kind.managePermission());
        Tree tree = tree(caller.tenantId(), kind);
        Folder folder = tree.require(kind, FolderPath.normalize("path", path));
        long children = tree.folders.stream().filter(f -> folder.id().equals(f.parentId())).count();
        int items = store.itemCounts(caller.tenantId(), kind).getOrDefault(folder.id(), 0);
        if (children > 0 || items > 0) {
            throw ApiException.conflict(kind.wireName() + " folder '" + folder.path() + "' is not empty: it holds "
                    + children + " folder(s) and " + items + " " + itemNoun(kind)
                    + "; move or delete them first (see 'steward folders list --kind " + kind.wireName() + "')");
        }
        removals.folderRemoved(caller.tenantId(), kind, folder.id());
        store.delete(caller.tenantId(), folder.id());
    }

    // ---- for other capabilities ----

    /** The id of the folder at {@code path} (null for null or the root), or a 404 that says how to create it. */
    public String idOf(String tenantId, FolderKind kind, String path) {
        if (path == null) {
            return null;
        }
        String normalized = FolderPath.normalize("folder", path);
        if (normalized.equals("/")) {
            return null;
        }
        return tree(tenantId, kind).require(kind, normalized).id();
    }

    /** Every folder of one kind in a tenant, by id. */
    public Map<String, Folder> all(String tenantId, FolderKind kind) {
        return tree(tenantId, kind).byId;
    }

    public Optional<String> pathOf(String tenantId, FolderKind kind, String folderId) {
        return folderId == null ? Optional.of("/") : Optional.ofNullable(all(tenantId, kind).get(folderId)).map(Folder::path);
    }

    private FolderView relocate(String tenantId, Tree tree, Folder folder, Folder parent, String name) {
        String newPath = FolderPath.child(parent == null ? "/" : parent.path(), name);
        Folder clash = tree.byPath.get(newPath);
        if (clash != null && !clash.id().equals(folder.id())) {
            throw ApiException.conflict(folder.kind().wireName() + " folder '" + newPath + "' already exists");
        }
        String oldPrefix = folder.path() + "/";
        int deepest = tree.folders.stream().filter(f -> f.path().startsWith(oldPrefix))
                .mapToInt(f -> depth(f.path()) - depth(folder.path())).max().orElse(0);
        if (depth(newPath) + deepest > FolderPath.MAX_DEPTH) {
            throw ApiException.badRequest("to", "moving '" + folder.path() + "' there would put folders "
                    + (depth(newPath) + deepest) + " levels deep; at most " + FolderPath.MAX_DEPTH + " levels of folders");
        }
        List<Folder> changed = new ArrayList<>();
        changed.add(new Folder(folder.id(), folder.kind(), parent == null ? null : parent.id(), name, newPath, folder.createdAt()));
        for (Folder f : tree.folders) {
            if (f.path().startsWith(oldPrefix)) {
                changed.add(new Folder(f.id(), f.kind(), f.parentId(), f.name(), newPath + "/" + f.path().substring(oldPrefix.length()),
                        f.createdAt()));
            }
        }
        store.update(tenantId, changed);
        Tree after = tree(tenantId, folder.kind());
        return view(after, after.byId.get(folder.id()), store.itemCounts(tenantId, folder.kind()));
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }

    private static String itemNoun(FolderKind kind) {
        return switch (kind) {
            case TEAM -> "team(s)";
            case MODULE -> "module(s), project(s) or run book(s)";
            case RESOURCE -> "resource(s)";
        };
    }

    private FolderView view(Tree tree, Folder folder, Map<String, Integer> items) {
        int children = (int) tree.folders.stream().filter(f -> folder.id().equals(f.parentId())).count();
        String parent = folder.parentId() == null ? "/" : tree.byId.get(folder.parentId()).path();
        return new FolderView(folder.id(), folder.kind().wireName(), folder.path(), folder.name(), parent, children,
                items.getOrDefault(folder.id(), 0), folder.createdAt());
    }

    private Tree tree(String tenantId, FolderKind kind) {
        Tree tree = new Tree();
        store.all(tenantId, kind).forEach(tree::add);
        return tree;
    }

    private static final class Tree {
        final List<Folder> folders = new ArrayList<>();
        final Map<String, Folder> byId = new HashMap<>();
        final Map<String, Folder> byPath = new HashMap<>();

        void add(Folder folder) {
            folders.add(folder);
            byId.put(folder.id(), folder);
            byPath.put(folder.path(), folder);
        }

        Folder require(FolderKind kind, String path) {
            Folder folder = byPath.get(path);
            if (folder == null) {
                throw ApiException.notFound("no " + kind.wireName() + " folder '" + path + "' in this tenant; see 'steward folders list --kind "
                        + kind.wireName() + "'");
            }
            return folder;
        }
    }
}
