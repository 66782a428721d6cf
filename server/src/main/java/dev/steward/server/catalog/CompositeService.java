package dev.steward.server.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steward.protocol.Wire;
import dev.steward.server.folder.FolderKind;
import dev.steward.server.folder.FolderService;
import dev.steward.server.http.ApiException;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import java.time.Clock;
import java.util.List;

/**
 * Projects and run books of the caller's tenant. Applying one replaces it by name; the modules and
 * projects it names must exist then (the versions that run are the latest when a job starts).
 */
public final class CompositeService {
    private final CompositeStore store;
    private final ModuleService modules;
    private final FolderService folders;
    private final Clock clock;

    public CompositeService(CompositeStore store, ModuleService modules, FolderService folders, Clock clock) {
        this.store = store;
        this.modules = modules;
        this.folders = folders;
        this.clock = clock;
    }

    public CompositeView applyProject(Principal caller, String yaml, String folder) {
        caller.require(Permission.MANAGE_MODULES);
        ProjectSpec spec = CompositeFileParser.project(yaml);
        for (int i = 0; i < spec.modules().size(); i++) {
            requireModule(caller.tenantId(), spec.modules().get(i).module(), "modules[" + i + "]");
        }
        save(caller, CompositeKind.PROJECT, spec.name(), folder, spec);
        return show(caller, CompositeKind.PROJECT, spec.name());
    }

    public CompositeView applyRunbook(Principal caller, String yaml, String folder) {
        caller.require(Permission.MANAGE_MODULES);
        RunbookSpec spec = CompositeFileParser.runbook(yaml);
        for (int i = 0; i < spec.steps().size(); i++) {
            RunbookSpec.Step step = spec.steps().get(i);
            if (step.module() != null) {
                requireModule(caller.tenantId(), step.module(), "steps[" + i + "].module");
            } else if (store.byName(CompositeKind.PROJECT, caller.tenantId(), step.project()).isEmpty()) {
                throw ApiException.badRequest("steps[" + i + "].project", "steps[" + i + "].project: no project named '"
                        + step.project() + "' in this tenant; apply it first with 'steward projects apply -f FILE'");
            }
        }
        save(caller, CompositeKind.RUNBOOK, spec.name(), folder, spec);
        return show(caller, CompositeKind.RUNBOOK, spec.name());
    }

    public List<CompositeView> list(Principal caller, CompositeKind kind) {
        caller.require(Permission.VIEW);
        var byId = folders.all(caller.tenantId(), FolderKind.MODULE);
        return store.all(kind, caller.tenantId()).stream()
                .map(row -> view(kind, row, row.folderId() == null || !byId.containsKey(row.folderId()) ? "/"
                        : byId.get(row.folderId()).path())).toList();
    }

    public CompositeView show(Principal caller, CompositeKind kind, String name) {
        caller.require(Permission.VIEW);
        CompositeStore.Row row = find(kind, caller.tenantId(), name);
        return view(kind, row, folders.pathOf(caller.tenantId(), FolderKind.MODULE, row.folderId()).orElse("/"));
    }

    public CompositeView move(Principal caller, CompositeKind kind, String name, String folder) {
        caller.require(Permission.MANAGE_MODULES);
        find(kind, caller.tenantId(), name);
        store.move(kind, caller.tenantId(), name, folders.idOf(caller.tenantId(), FolderKind.MODULE, folder == null ? "/" : folder));
        return show(caller, kind, name);
    }

    public void delete(Principal caller, CompositeKind kind, String name) {
        caller.require(Permission.MANAGE_MODULES);
        find(kind, caller.tenantId(), name);
        store.delete(kind, caller.tenantId(), name);
    }

    // ---- for other capabilities ----

    public ProjectSpec project(String tenantId, String name) {
        return decode(find(CompositeKind.PROJECT, tenantId, name).definition(), ProjectSpec.class);
    }

    public RunbookSpec runbook(String tenantId, String name) {
        return decode(find(CompositeKind.RUNBOOK, tenantId, name).definition(), RunbookSpec.class);
    }

    /** A stored definition with its folder id (null: root), for exports. */
    public record Stored<T>(String name, String folderId, T spec) {
    }

    public List<Stored<ProjectSpec>> projects(String tenantId) {
        return store.all(CompositeKind.PROJECT, tenantId).stream()
                .map(r -> new Stored<>(r.name(), r.folderId(), decode(r.definition(), ProjectSpec.class))).toList();
    }

    public List<Stored<RunbookSpec>> runbooks(String tenantId) {
        return store.all(CompositeKind.RUNBOOK, tenantId).stream()
                .map(r -> new Stored<>(r.name(), r.folderId(), decode(r.definition(), RunbookSpec.class))).toList();
    }

    private void requireModule(String tenantId, String name, String field) {
        try {
            modules.latest(tenantId, name);
        } catch (ApiException e) {
            throw ApiException.badRequest(field, field + ": no module named '" + name
                    + "' in this tenant; apply it first with 'steward modules apply -f FILE'");
        }
    }

    private void save(Principal caller, CompositeKind kind, String name, String folder, Object spec) {
        String folderId = folders.idOf(caller.tenantId(), FolderKind.MODULE, folder);
        try {
            store.upsert(kind, caller.tenantId(), name, folderId, folder == null, Wire.json().writeValueAsString(spec),
                    clock.instant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private CompositeStore.Row find(CompositeKind kind, String tenantId, String name) {
        return store.byName(kind, tenantId, name).orElseThrow(() -> ApiException.notFound("no " + kind.noun() + " named '"
                + name + "' in this tenant; see 'steward " + (kind == CompositeKind.PROJECT ? "projects" : "runbooks") + " list'"));
    }

    private static CompositeView view(CompositeKind kind, CompositeStore.Row row, String folder) {
        Object spec = kind == CompositeKind.PROJECT ? decode(row.definition(), ProjectSpec.class) : decode(row.definition(), RunbookSpec.class);
        String description = spec instanceof ProjectSpec p ? p.description() : ((RunbookSpec) spec).description();
        return new CompositeView(kind == CompositeKind.PROJECT ? "project" : "runbook", row.name(), folder, description, spec,
                row.updatedAt());
    }

    private static <T> T decode(String json, Class<T> type) {
        try {
            return Wire.json().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored definition is unreadable", e);
        }
    }
}
