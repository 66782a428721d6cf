package dev.steward.server.catalog;

import dev.steward.protocol.ModuleSpec;
import dev.steward.server.http.ApiException;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import java.time.Clock;
import java.util.List;

/** Modules of the caller's tenant: apply (a new version each time), list, show. */
public final class ModuleService {
    private final ModuleStore store;
    private final Clock clock;

    public ModuleService(ModuleStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public ModuleView apply(Principal caller, String yaml) {
        caller.require(Permission.MANAGE_MODULES);
        ModuleSpec spec = ModuleFileParser.parse(yaml);
        return store.insertNextVersion(caller.tenantId(), spec, caller.tokenId(), clock.instant());
    }

    public List<ModuleView> list(Principal caller) {
        caller.require(Permission.VIEW);
        return store.listLatest(caller.tenantId());
    }

    public ModuleView show(Principal caller, String name) {
        caller.require(Permission.VIEW);
        return latest(caller.tenantId(), name);
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
