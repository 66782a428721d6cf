package dev.steward.server.team;

import dev.steward.server.fleet.AgentSettings;
import java.time.Instant;
import java.util.List;

/**
 * A team as the API shows it. {@code members} is filled by show (list leaves it null): each member with
 * why it belongs (explicit, primary, or the rule it matches).
 */
public record TeamView(String id, String name, String folder, List<String> rules, AgentSettings settings,
        int memberCount, int primaryCount, Instant createdAt, List<Member> members) {

    public record Member(String agent, boolean primary, List<String> via) {
    }
}
