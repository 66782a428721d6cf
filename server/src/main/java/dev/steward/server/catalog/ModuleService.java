package dev.steward.server.catalog;

import dev.steward.protocol.ModuleSpec;
import dev.steward.server.folder.FolderKind;
import dev.steward.server.folder.FolderService;
import dev.steward.server.resource.ResourceService;
import dev.steward.server.http.ApiException;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import java.time.Clock;
import java.util.List;

/** Modules of the caller's tenant: apply (a new version each time), list, show. */
public final class ModuleService {
    private final ModuleStore store;
    private final FolderService folders;
    private final ResourceService resources;
    private final Clock clock;

    public ModuleService(ModuleStore store, FolderService folders, ResourceService resources, Clock clock) {
        this.store = store;
        this.folders = folders;
        this.resources = resources;
        this.clock = clock;
    }

    /**
     * Writes the next version of the module. {@code folder} null keeps it where it was (the root for a new
     * module). Resources the tasks name must exist now (their content is resolved when a run executes).
     */
    public ModuleView apply(Principal caller, String yaml, String folder) {
        caller.require(Permission.MANAGE_MODULES);
        ModuleSpec spec = ModuleFileParser.parse(yaml);
        for (int i = 0; i < spec.tasks().size(); i++) {
            var task = spec.tasks().get(i);
            if (task.resource() != null && resources.byName(caller.tenantId(), task.resource().name()).isEmpty()) {
                throw ApiException.badRequest("tasks[" + i + "]", "tasks[" + i + "]: no resource named '"
                        + task.resource().name() + "' in this tenant; upload it first with 'steward resources upload FILE --name "
                        + task.resource().name() + "'");
            }
        }
        String folderId = folders.idOf(caller.tenantId(), FolderKind.MODULE, folder);
        return withPath(caller.tenantId(), store.insertNextVersion(caller.tenantId(), spec, caller.tokenId(), clock.instant(),
                folderId, folder == null));
    }

    public List<ModuleView> list(Principal caller) {
        caller.require(Permission.VIEW);
        var byId = folders.all(caller.tenantId(), FolderKind.MODULE);
        return store.listLatest(caller.tenantId()).stream()
                .map(m -> m.withFolder(m.folder() == null || !byId.containsKey(m.folder()) ? "/" : byId.get(m.folder()).path())).toList();
    }

    public ModuleView show(Principal caller, String name) {
        caller.require(Permission.VIEW);
        return withPath(caller.tenantId(), latest(caller.tenantId(), name));
    }

    /** Moves the module (all its versions) to a module folder, or to the root with "/". */
    public ModuleView move(Principal caller, String name, String folder) {
        caller.require(Permission.MANAGE_MODULES);
        latest(caller.tenantId(), name);
        store.move(caller.tenantId(), name, folders.idOf(caller.tenantId(), FolderKind.MODULE, folder == null ? "/" : folder));
        return show(caller, name);
    }

    /** Every module's folder id (null: root), by module name: for trust snapshots. */
    public java.util.Map<String, String> folderIds(String tenantId) {
        return store.folderIds(tenantId);
    }

    /** The latest version of every module of a tenant (folder as stored: an id). */
    public List<ModuleView> latestAll(String tenantId) {
        return store.listLatest(tenantId);
    }

    private ModuleView withPath(String tenantId, ModuleView module) {
        return module.withFolder(folders.pathOf(tenantId, FolderKind.MODULE, module.folder()).orElse("/"));
    }

    /** For other capabilities (jobs): the latest version of a module in a tenant, or a 404. */
    public ModuleView latest(String tenantId, String name) {
        return store.latest(tenantId, name).orElseThrow(() -> ApiException.notFound(
                "no module named '" + name + "' in this tenant; apply one with 'steward modules apply -f FILE'"));
    }

    public ModuleSpec spec(String moduleId) {
        return store.spec(moduleId).orElseThrow();
    }
}
