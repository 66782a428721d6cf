package dev.steward.server.team;

import dev.steward.server.fleet.AgentSettings;
import dev.steward.server.fleet.LabelSelector;
import java.time.Instant;
import java.util.List;

/** A team as stored: a folder (null: root), label rules (an agent matching any is a member), settings. */
public record Team(String id, String name, String folderId, List<LabelSelector> rules, AgentSettings settings,
        Instant createdAt) {
    public Team {
        rules = List.copyOf(rules);
    }
}
