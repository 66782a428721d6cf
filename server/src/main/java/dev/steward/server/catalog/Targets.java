package dev.steward.server.catalog;

import java.util.List;

/**
 * Which agents a job (or a run book step) runs on: agents by name, members of teams, and agents whose
 * labels match a selector ({@code os=linux,env=prod}); the union of all three.
 */
public record Targets(List<String> agents, List<String> teams, String selector) {
    public Targets {
        agents = agents == null ? List.of() : List.copyOf(agents);
        teams = teams == null ? List.of() : List.copyOf(teams);
        selector = selector == null || selector.isBlank() ? null : selector;
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return agents.isEmpty() && teams.isEmpty() && selector == null;
    }
}
