package dev.steward.server.team;

import dev.steward.server.fleet.AgentLabels;
import dev.steward.server.fleet.AgentRecord;
import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.fleet.AgentSettings;
import dev.steward.server.fleet.LabelSelector;
import dev.steward.server.fleet.SettingsListener;
import dev.steward.server.folder.FolderKind;
import dev.steward.server.folder.FolderService;
import dev.steward.server.http.ApiException;
import dev.steward.server.http.Names;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Teams of the caller's tenant. Membership is explicit members, plus agents whose primary team it is,
 * plus agents matching any label rule. An agent has at most one primary team: it takes its settings
 * (under its own) and its inherited trusts from it.
 */
public final class TeamService {
    static final int MAX_RULES = 32;

    private final TeamStore store;
    private final FolderService folders;
    private final AgentRegistry agents;
    private final SettingsListener settingsChanges;
    private final TeamRemovalListener removals;
    private final Clock clock;

    public TeamService(TeamStore store, FolderService folders, AgentRegistry agents, SettingsListener settingsChanges,
            TeamRemovalListener removals, Clock clock) {
        this.store = store;
        this.folders = folders;
        this.agents = agents;
        this.settingsChanges = settingsChanges;
        this.removals = removals;
        this.clock = clock;
    }

    public record CreateRequest(String name, String folder, List<String> rules) {
    }

    public TeamView create(Principal caller, CreateRequest request) {
        caller.require(Permission.MANAGE_AGENTS);
        String name = Names.require("name", request.name());
        if (store.byName(caller.tenantId(), name).isPresent()) {
            throw ApiException.conflict("team '" + name + "' already exists");
        }
        Team team = new Team(UUID.randomUUID().toString(), name, folders.idOf(caller.tenantId(), FolderKind.TEAM, request.folder()),
                rules(request.rules()), AgentSettings.NONE, clock.instant());
        store.insert(caller.tenantId(), team);
        return show(caller, name);
    }

    public List<TeamView> list(Principal caller) {
        caller.require(Permission.VIEW);
        Membership membership = membership(caller.tenantId());
        return store.all(caller.tenantId()).stream().map(team -> view(caller.tenantId(), team, membership, false)).toList();
    }

    public TeamView show(Principal caller, String name) {
        caller.require(Permission.VIEW);
        return view(caller.tenantId(), find(caller.tenantId(), name), membership(caller.tenantId()), true);
    }

    public TeamView addMembers(Principal caller, String name, List<String> agentNames) {
        caller.require(Permission.MANAGE_AGENTS);
        Team team = find(caller.tenantId(), name);
        store.addMembers(team.id(), agentIds(caller.tenantId(), agentNames));
        return show(caller, name);
    }

    public TeamView removeMembers(Principal caller, String name, List<String> agentNames) {
        caller.require(Permission.MANAGE_AGENTS);
        Team team = find(caller.tenantId(), name);
        store.removeMembers(team.id(), agentIds(caller.tenantId(), agentNames));
        return show(caller, name);
    }

    /** Makes this the primary team of the agents (which also makes them explicit members). */
    public TeamView setPrimary(Principal caller, String name, List<String> agentNames) {
        caller.require(Permission.MANAGE_AGENTS);
        Team team = find(caller.tenantId(), name);
        List<String> ids = agentIds(caller.tenantId(), agentNames);
        store.addMembers(team.id(), ids);
        store.setPrimary(caller.tenantId(), team.id(), ids);
        settingsChanges.settingsChanged(ids);
        return show(caller, name);
    }

    /** The agents no longer have a primary team (they stay explicit members of their teams). */
    public void clearPrimary(Principal caller, List<String> agentNames) {
        caller.require(Permission.MANAGE_AGENTS);
        List<String> ids = agentIds(caller.tenantId(), agentNames);
        store.setPrimary(caller.tenantId(), null, ids);
        settingsChanges.settingsChanged(ids);
    }

    public TeamView setRules(Principal caller, String name, List<String> rules) {
        caller.require(Permission.MANAGE_AGENTS);
        Team team = find(caller.tenantId(), name);
        store.update(caller.tenantId(), new Team(team.id(), team.name(), team.folderId(), rules(rules), team.settings(),
                team.createdAt()));
        return show(caller, name);
    }

    /** Changes the team's settings ({@code key=value}, empty unsets); its primary agents get them at once. */
    public TeamView setSettings(Principal caller, String name, Map<String, String> changes) {
        caller.require(Permission.MANAGE_AGENTS);
        Team team = find(caller.tenantId(), name);
        store.update(caller.tenantId(), new Team(team.id(), team.name(), team.folderId(), team.rules(),
                team.settings().with(changes), team.createdAt()));
        settingsChanges.settingsChanged(agents.activeAgents(caller.tenantId()).stream()
                .filter(a -> a.primaryTeam() != null && a.primaryTeam().id().equals(team.id())).map(AgentRecord::id).toList());
        return show(caller, name);
    }

    public TeamView move(Principal caller, String name, String folderPath) {
        caller.require(Permission.MANAGE_AGENTS);
        Team team = find(caller.tenantId(), name);
        store.update(caller.tenantId(), new Team(team.id(), team.name(), folders.idOf(caller.tenantId(), FolderKind.TEAM,
                folderPath == null ? "/" : folderPath), team.rules(), team.settings(), team.createdAt()));
        return show(caller, name);
    }

    public TeamView rename(Principal caller, String name, String newName) {
        caller.require(Permission.MANAGE_AGENTS);
        Team team = find(caller.tenantId(), name);
        String renamed = Names.require("name", newName);
        if (!renamed.equals(name) && store.byName(caller.tenantId(), renamed).isPresent()) {
            throw ApiException.conflict("team '" + renamed + "' already exists");
        }
        store.update(caller.tenantId(), new Team(team.id(), renamed, team.folderId(), team.rules(), team.settings(),
                team.createdAt()));
        return show(caller, renamed);
    }

    /** Deletes a team; refused while it is some enrolled agent's primary team (that would change their settings). */
    public void delete(Principal caller, String name) {
        caller.require(Permission.MANAGE_AGENTS);
        Team team = find(caller.tenantId(), name);
        List<String> primaryOf = store.primaryOf(team.id());
        if (!primaryOf.isEmpty()) {
            throw ApiException.conflict("team '" + name + "' is the primary team of " + primaryOf.size() + " agent(s) ("
                    + String.join(", ", primaryOf.subList(0, Math.min(10, primaryOf.size())))
                    + (primaryOf.size() > 10 ? ", ..." : "")
                    + "); give them another primary team first ('steward teams primary OTHER AGENT...' or "
                    + "'steward teams primary --none AGENT...')");
        }
        store.releaseRevoked(team.id());
        removals.teamRemoved(caller.tenantId(), team.id());
        store.delete(caller.tenantId(), team.id());
    }

    // ---- for other capabilities ----

    /** The enrolled members of the named teams (explicit, primary, by rule), each once, in a stable order. */
    public List<AgentRecord> members(String tenantId, Collection<String> teamNames) {
        Membership membership = membership(tenantId);
        Set<AgentRecord> found = new LinkedHashSet<>();
        for (String name : teamNames) {
            Team team = find(tenantId, name);
            for (AgentRecord agent : membership.agents) {
                if (!membership.reasons(team, agent).isEmpty()) {
                    found.add(agent);
                }
            }
        }
        return new ArrayList<>(found);
    }

    /** Every team of the tenant, for trust snapshots and exports. */
    public List<Team> all(String tenantId) {
        return store.all(tenantId);
    }

    private Team find(String tenantId, String name) {
        return store.byName(tenantId, name).orElseThrow(() -> ApiException.notFound("no team named '" + name
                + "' in this tenant; see 'steward teams list'"));
    }

    private List<String> agentIds(String tenantId, List<String> names) {
        if (names == null || names.isEmpty()) {
            throw ApiException.badRequest("agents", "agents: name at least one agent");
        }
        return agents.resolveTargets(tenantId, new ArrayList<>(new LinkedHashSet<>(names))).stream().map(AgentRecord::id).toList();
    }

    private static List<LabelSelector> rules(List<String> texts) {
        if (texts == null) {
            return List.of();
        }
        if (texts.size() > MAX_RULES) {
            throw ApiException.badRequest("rules", "at most " + MAX_RULES + " rules per team");
        }
        List<LabelSelector> rules = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rules.add(LabelSelector.parse("rules[" + i + "]", texts.get(i)));
        }
        return rules;
    }

    private Membership membership(String tenantId) {
        return new Membership(agents.activeAgents(tenantId), store.explicitMembers(tenantId));
    }

    private TeamView view(String tenantId, Team team, Membership membership, boolean withMembers) {
        List<TeamView.Member> members = new ArrayList<>();
        int primary = 0;
        for (AgentRecord agent : membership.agents) {
            List<String> via = membership.reasons(team, agent);
            if (!via.isEmpty()) {
                boolean isPrimary = via.contains("primary");
                primary += isPrimary ? 1 : 0;
                members.add(new TeamView.Member(agent.name(), isPrimary, via));
            }
        }
        String folder = folders.pathOf(tenantId, FolderKind.TEAM, team.folderId()).orElse("/");
        return new TeamView(team.id(), team.name(), folder, team.rules().stream().map(LabelSelector::toString).toList(),
                team.settings(), members.size(), primary, team.createdAt(), withMembers ? members : null);
    }

    /** One read of the tenant's agents and explicit memberships, to answer "is agent A in team T, and why". */
    private record Membership(List<AgentRecord> agents, Map<String, Set<String>> explicit) {
        List<String> reasons(Team team, AgentRecord agent) {
            List<String> via = new ArrayList<>();
            if (agent.primaryTeam() != null && agent.primaryTeam().id().equals(team.id())) {
                via.add("primary");
            }
            if (explicit.getOrDefault(team.id(), Set.of()).contains(agent.id())) {
                via.add("explicit");
            }
            Map<String, String> labels = AgentLabels.effective(agent);
            for (LabelSelector rule : team.rules()) {
                if (rule.matches(labels)) {
                    via.add("rule " + rule);
                }
            }
            return via;
        }
    }
}
