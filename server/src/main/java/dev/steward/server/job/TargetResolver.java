package dev.steward.server.job;

import dev.steward.server.catalog.Targets;
import dev.steward.server.fleet.AgentRecord;
import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.fleet.LabelSelector;
import dev.steward.server.http.ApiException;
import dev.steward.server.team.TeamService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Turns targets (agent names, teams, a label selector) into the enrolled agents they name, each once. */
public final class TargetResolver {
    private final AgentRegistry agents;
    private final TeamService teams;

    public TargetResolver(AgentRegistry agents, TeamService teams) {
        this.agents = agents;
        this.teams = teams;
    }

    List<AgentRecord> resolve(String tenantId, Targets targets, String field) {
        if (targets.isEmpty()) {
            throw ApiException.badRequest(field, "'" + field + "' is required: agent names, teams (--teams) and/or a label "
                    + "selector (--selector os=linux)");
        }
        if (targets.agents().size() > JobService.MAX_TARGETS) {
            throw ApiException.badRequest(field, "at most " + JobService.MAX_TARGETS + " targets per job");
        }
        Map<String, AgentRecord> found = new LinkedHashMap<>();
        if (!targets.agents().isEmpty()) {
            agents.resolveTargets(tenantId, new ArrayList<>(new LinkedHashSet<>(targets.agents())))
                    .forEach(a -> found.putIfAbsent(a.id(), a));
        }
        if (!targets.teams().isEmpty()) {
            teams.members(tenantId, targets.teams()).forEach(a -> found.putIfAbsent(a.id(), a));
        }
        if (targets.selector() != null) {
            agents.select(tenantId, LabelSelector.parse(field + ".selector", targets.selector()))
                    .forEach(a -> found.putIfAbsent(a.id(), a));
        }
        if (found.isEmpty()) {
            throw ApiException.badRequest(field, "the targets match no enrolled agent (teams " + targets.teams()
                    + ", selector " + (targets.selector() == null ? "none" : "'" + targets.selector() + "'")
                    + "); see 'steward teams show NAME' and 'steward agents list'");
        }
        if (found.size() > JobService.MAX_TARGETS) {
            throw ApiException.badRequest(field, "the targets name " + found.size() + " agents; the limit is "
                    + JobService.MAX_TARGETS + " per job");
        }
        return new ArrayList<>(found.values());
    }
}
