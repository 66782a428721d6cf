package dev.steward.server.fleet;

import org.jdbi.v3.core.Jdbi;

/** Per-agent setting overrides and per-tenant defaults; effective settings also take the primary team's, between them. */
public final class AgentSettingsStore {
    private final Jdbi jdbi;

    public AgentSettingsStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    AgentSettings ofAgent(String agentId) {
        return AgentSettings.fromJson(jdbi.withHandle(h -> h.createQuery("SELECT settings FROM agents WHERE id = :id")
                .bind("id", agentId).mapTo(String.class).findOne().orElse(null)));
    }

    AgentSettings effective(String agentId) {
        return effective(java.util.List.of(agentId)).getOrDefault(agentId, AgentSettings.NONE);
    }

    /** Effective settings of many agents at once, in chunks; agents not found are absent. */
    java.util.Map<String, AgentSettings> effective(java.util.List<String> agentIds) {
        java.util.Map<String, AgentSettings> effective = new java.util.HashMap<>();
        for (int from = 0; from < agentIds.size(); from += 1000) {
            java.util.List<String> chunk = agentIds.subList(from, Math.min(agentIds.size(), from + 1000));
            jdbi.useHandle(h -> h.createQuery("""
                    SELECT a.id, a.settings AS own, t.settings AS team, d.settings AS defaults
                    FROM agents a LEFT JOIN agent_defaults d ON d.tenant_id = a.tenant_id
                    LEFT JOIN teams t ON t.id = a.primary_team_id
                    WHERE a.id IN (<ids>)""")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> java.util.Map.entry(rs.getString("id"),
                            AgentSettings.fromJson(rs.getString("own")).over(AgentSettings.fromJson(rs.getString("team"))
                                    .over(AgentSettings.fromJson(rs.getString("defaults"))))))
                    .forEach(e -> effective.put(e.getKey(), e.getValue())));
        }
        return effective;
    }

    AgentSettings defaults(String tenantId) {
        return AgentSettings.fromJson(jdbi.withHandle(h -> h.createQuery(
                "SELECT settings FROM agent_defaults WHERE tenant_id = :tenant")
                .bind("tenant", tenantId).mapTo(String.class).findOne().orElse(null)));
    }

    void saveAgent(String agentId, AgentSettings settings) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE agents SET settings = :settings WHERE id = :id")
                .bind("settings", settings.toJson()).bind("id", agentId).execute());
    }

    void saveDefaults(String tenantId, AgentSettings settings) {
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE agent_defaults SET settings = :settings WHERE tenant_id = :tenant")
                    .bind("settings", settings.toJson()).bind("tenant", tenantId).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO agent_defaults (tenant_id, settings) VALUES (:tenant, :settings)")
                        .bind("settings", settings.toJson()).bind("tenant", tenantId).execute();
            }
        });
    }
}
