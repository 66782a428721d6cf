package dev.steward.server.fleet;

import dev.steward.server.http.ApiException;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import java.time.Clock;
import java.util.List;

/** Admin-facing fleet operations, always within the caller's tenant. */
public final class AgentService {
    private final AgentStore store;
    private final AgentRegistry registry;
    private final AgentRemovalListener removals;
    private final Clock clock;

    public AgentService(AgentStore store, AgentRegistry registry, AgentRemovalListener removals, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.removals = removals;
        this.clock = clock;
    }

    public List<AgentView> list(Principal caller) {
        caller.require(Permission.VIEW);
        return store.list(caller.tenantId()).stream().map(registry::view).toList();
    }

    public AgentView show(Principal caller, String name) {
        caller.require(Permission.VIEW);
        return registry.view(find(caller, name));
    }

    public AgentView revoke(Principal caller, String name) {
        caller.require(Permission.MANAGE_AGENTS);
        AgentRecord agent = find(caller, name);
        if (!store.revoke(agent.id(), clock.instant())) {
            throw ApiException.conflict("agent '" + name + "' is already revoked");
        }
        removals.agentRemoved(agent.id(), "the agent was revoked before it finished this run");
        registry.connections().disconnect(agent.id(), "the agent was revoked");
        return registry.view(store.findByFingerprint(agent.certFingerprint()).orElseThrow());
    }

    /** Ends the agent's persistent connection; it falls back to polling and reconnects by itself. */
    public AgentView disconnect(Principal caller, String name) {
        caller.require(Permission.MANAGE_AGENTS);
        AgentRecord agent = find(caller, name);
        if (!registry.connections().disconnect(agent.id(), "disconnected by an administrator")) {
            throw ApiException.conflict("agent '" + name + "' has no persistent connection to this server");
        }
        return registry.view(agent);
    }

    private AgentRecord find(Principal caller, String name) {
        return store.findByName(caller.tenantId(), name)
                .orElseThrow(() -> ApiException.notFound("no agent named '" + name + "' in this tenant; see 'steward agents list'"));
    }
}
