package dev.steward.server.team;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.steward.protocol.Wire;
import dev.steward.server.fleet.AgentSettings;
import dev.steward.server.fleet.LabelSelector;
import dev.steward.server.store.Rows;
import dev.steward.server.tenancy.TrustVersion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Teams, their explicit members, and agents' primary team ({@code agents.primary_team_id}: the one
 * column of the agents table written here, because a primary team is a team assignment).
 */
public final class TeamStore {
    private final Jdbi jdbi;

    public TeamStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<Team> all(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM teams WHERE tenant_id = :tenant ORDER BY name")
                .bind("tenant", tenantId).map((rs, ctx) -> map(rs)).list());
    }

    Optional<Team> byName(String tenantId, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM teams WHERE tenant_id = :tenant AND name = :name")
                .bind("tenant", tenantId).bind("name", name).map((rs, ctx) -> map(rs)).findOne());
    }

    // Teams and their folders are part of the trust tree: their writes bump the trust version. Members,
    // rules and primary teams are not (trusts follow the primary team, which the gate reads per admission).

    void insert(String tenantId, Team team) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                    INSERT INTO teams (id, tenant_id, folder_id, name, rules, settings, created_at)
                    VALUES (:id, :tenant, :folder, :name, :rules, :settings, :now)""")
                    .bind("id", team.id()).bind("tenant", tenantId).bind("folder", team.folderId()).bind("name", team.name())
                    .bind("rules", rulesJson(team.rules())).bind("settings", team.settings().toJson())
                    .bind("now", team.createdAt()).execute();
            TrustVersion.bump(h, tenantId);
        });
    }

    void update(String tenantId, Team team) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                    UPDATE teams SET folder_id = :folder, name = :name, rules = :rules, settings = :settings
                    WHERE id = :id AND tenant_id = :tenant""")
                    .bind("id", team.id()).bind("tenant", tenantId).bind("folder", team.folderId()).bind("name", team.name())
                    .bind("rules", rulesJson(team.rules())).bind("settings", team.settings().toJson()).execute();
            TrustVersion.bump(h, tenantId);
        });
    }

    void delete(String tenantId, String teamId) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM team_members WHERE team_id = :id").bind("id", teamId).execute();
            h.createUpdate("DELETE FROM teams WHERE id = :id AND tenant_id = :tenant").bind("id", teamId)
                    .bind("tenant", tenantId).execute();
            TrustVersion.bump(h, tenantId);
        });
    }

    /** Explicit members of each team of the tenant: team id → agent ids. */
    Map<String, Set<String>> explicitMembers(String tenantId) {
        Map<String, Set<String>> members = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                SELECT m.team_id, m.agent_id FROM team_members m JOIN teams t ON t.id = m.team_id
                WHERE t.tenant_id = :tenant""")
                .bind("tenant", tenantId).map((rs, ctx) -> {
                    members.computeIfAbsent(rs.getString("team_id"), k -> new HashSet<>()).add(rs.getString("agent_id"));
                    return null;
                }).list());
        return members;
    }

    void addMembers(String teamId, Collection<String> agentIds) {
        jdbi.useTransaction(h -> {
            for (String agentId : agentIds) {
                int exists = h.createQuery("SELECT COUNT(*) FROM team_members WHERE team_id = :team AND agent_id = :agent")
                        .bind("team", teamId).bind("agent", agentId).mapTo(Integer.class).one();
                if (exists == 0) {
                    h.createUpdate("INSERT INTO team_members (team_id, agent_id) VALUES (:team, :agent)")
                            .bind("team", teamId).bind("agent", agentId).execute();
                }
            }
        });
    }

    void removeMembers(String teamId, Collection<String> agentIds) {
        jdbi.useTransaction(h -> {
            for (String agentId : agentIds) {
                h.createUpdate("DELETE FROM team_members WHERE team_id = :team AND agent_id = :agent")
                        .bind("team", teamId).bind("agent", agentId).execute();
            }
        });
    }

    /** Makes the team (or none, for null) the primary team of these agents of the tenant. */
    void setPrimary(String tenantId, String teamId, Collection<String> agentIds) {
        jdbi.useTransaction(h -> {
            for (String agentId : agentIds) {
                h.createUpdate("UPDATE agents SET primary_team_id = :team WHERE id = :agent AND tenant_id = :tenant")
                        .bind("team", teamId).bind("agent", agentId).bind("tenant", tenantId).execute();
            }
        });
    }

    /** Names of the enrolled agents whose primary team this is. */
    List<String> primaryOf(String teamId) {
        return jdbi.withHandle(h -> h.createQuery(
                "SELECT name FROM agents WHERE primary_team_id = :team AND revoked_at IS NULL ORDER BY name")
                .bind("team", teamId).mapTo(String.class).list());
    }

    /** Revoked agents keep no team: their rows are history, not members. */
    void releaseRevoked(String teamId) {
        jdbi.useHandle(h -> h.createUpdate(
                "UPDATE agents SET primary_team_id = NULL WHERE primary_team_id = :team AND revoked_at IS NOT NULL")
                .bind("team", teamId).execute());
    }

    private static Team map(ResultSet rs) throws SQLException {
        return new Team(rs.getString("id"), rs.getString("name"), rs.getString("folder_id"), rules(rs.getString("rules")),
                AgentSettings.fromJson(rs.getString("settings")), Rows.instant(rs, "created_at"));
    }

    private static List<LabelSelector> rules(String json) {
        try {
            List<String> texts = Wire.json().readValue(json, new TypeReference<List<String>>() { });
            return texts.stream().map(t -> LabelSelector.parse("rules", t)).toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored team rules are unreadable", e);
        }
    }

    private static String rulesJson(List<LabelSelector> rules) {
        try {
            return Wire.json().writeValueAsString(rules.stream().map(LabelSelector::toString).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
