package dev.steward.server.fleet;

import dev.steward.server.http.ApiException;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import dev.steward.server.store.Transactions;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Admin-facing fleet operations, always within the caller's tenant. */
public final class AgentService {
    private final AgentStore store;
    private final AgentRegistry registry;
    private final AgentRemovalListener removals;
    private final SettingsListener settingsChanges;
    private final Clock clock;
    private final Transactions transactions;

    public AgentService(AgentStore store, AgentRegistry registry, AgentRemovalListener removals,
            SettingsListener settingsChanges, Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.store = store;
        this.registry = registry;
        this.removals = removals;
        this.settingsChanges = settingsChanges;
        this.clock = clock;
    }

    public List<AgentView> list(Principal caller) {
        caller.require(Permission.VIEW);
        AgentSettings defaults = registry.settingsStore().defaults(caller.tenantId());
        return store.list(caller.tenantId()).stream().map(agent -> registry.view(agent, defaults)).toList();
    }

    /** Changes an agent's own settings ({@code key=value}; empty value unsets). Connected agents get them at once. */
    public SettingsView set(Principal caller, String name, Map<String, String> changes) {
        caller.require(Permission.MANAGE_AGENTS);
        AgentRecord agent = find(caller, name);
        AgentSettings own = agent.settings().with(changes);
        registry.settingsStore().saveAgent(agent.id(), own);
        settingsChanges.settingsChanged(List.of(agent.id()));
        AgentSettings defaults = registry.settingsStore().defaults(caller.tenantId());
        return new SettingsView(agent.name(), own, defaults, own.over(agent.teamSettings().over(defaults)));
    }

    /** Changes the tenant-wide defaults, under every agent's own settings. */
    public SettingsView setDefaults(Principal caller, Map<String, String> changes) {
        caller.require(Permission.MANAGE_AGENTS);
        AgentSettings defaults = registry.settingsStore().defaults(caller.tenantId()).with(changes);
        registry.settingsStore().saveDefaults(caller.tenantId(), defaults);
        settingsChanges.settingsChanged(store.list(caller.tenantId()).stream().filter(a -> !a.revoked())
                .map(AgentRecord::id).toList());
        return new SettingsView(null, AgentSettings.NONE, defaults, defaults);
    }

    /** Sets ({@code key=value}) and removes ({@code key}) an agent's own labels. */
    public AgentView label(Principal caller, String name, Map<String, String> set, List<String> remove) {
        caller.require(Permission.MANAGE_AGENTS);
        AgentRecord agent = find(caller, name);
        Map<String, String> labels = new java.util.TreeMap<>(agent.labels());
        for (String key : remove == null ? List.<String>of() : remove) {
            labels.remove(AgentLabels.key("remove", key));
        }
        if (set != null) {
            set.forEach((k, v) -> labels.put(AgentLabels.key("set", k), AgentLabels.value("set." + k, v)));
        }
        if (labels.size() > AgentLabels.MAX_LABELS) {
            throw ApiException.badRequest("set", "at most " + AgentLabels.MAX_LABELS + " labels per agent");
        }
        store.saveLabels(agent.id(), labels);
        return registry.view(store.findByFingerprint(agent.certFingerprint()).orElseThrow());
    }

    public SettingsView defaults(Principal caller) {
        caller.require(Permission.VIEW);
        AgentSettings defaults = registry.settingsStore().defaults(caller.tenantId());
        return new SettingsView(null, AgentSettings.NONE, defaults, defaults);
    }

    public AgentView show(Principal caller, String name) {
        caller.require(Permission.VIEW);
        return registry.view(find(caller, name));
    }

    public AgentView revoke(Principal caller, String name) {
        caller.require(Permission.MANAGE_AGENTS);
        AgentRecord agent = find(caller, name);
        // One transaction: a failure between revoking and closing the agent's runs would otherwise leave
        // them open forever, and a retry would only answer "already revoked".
        Runnable afterCommit = transactions.inTransaction(h -> {
            if (!store.revoke(h, agent.id(), clock.instant())) {
                throw ApiException.conflict("agent '" + name + "' is already revoked");
            }
            return removals.agentRemoved(h, agent.id(), "the agent was revoked before it finished this run");
        });
        // First, before anything that may fail or lets the agent reconnect: its next request is refused.
        registry.forget(agent.id());
        afterCommit.run();
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
