package dev.steward.server.fleet;

import dev.steward.server.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class AgentStore {
    /** Every agent query reads the primary team with it: its name and settings belong to the agent's view. */
    private static final String SELECT_AGENT = """
            SELECT a.*, t.name AS team_name, t.settings AS team_settings
            FROM agents a LEFT JOIN teams t ON t.id = a.primary_team_id""";
    private final Jdbi jdbi;

    public AgentStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Returns false when an enrolled agent of that tenant already has the name (enforced by the datastore). */
    public boolean insert(AgentRecord agent, Instant certNotAfter) {
        try {
            insertRow(agent, certNotAfter);
            return true;
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (findByName(agent.tenantId(), agent.name()).filter(existing -> !existing.revoked()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    private void insertRow(AgentRecord agent, Instant certNotAfter) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO agents (id, tenant_id, name, active_name, cert_fingerprint, cert_not_after, enrolled_at,
                                    mode, poll_interval_seconds, hostname, os, agent_version)
                VALUES (:id, :tenant, :name, :name, :fp, :notAfter, :enrolled, :mode, :poll, :hostname, :os, :version)""")
                .bind("id", agent.id()).bind("tenant", agent.tenantId()).bind("name", agent.name())
                .bind("fp", agent.certFingerprint()).bind("notAfter", certNotAfter)
                .bind("enrolled", agent.enrolledAt()).bind("mode", agent.mode())
                .bind("poll", agent.pollIntervalSeconds()).bind("hostname", agent.hostname())
                .bind("os", agent.os()).bind("version", agent.agentVersion()).execute());
    }

    public Optional<AgentRecord> findByFingerprint(String fingerprint) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_AGENT + " WHERE cert_fingerprint = :fp")
                .bind("fp", fingerprint).map((rs, ctx) -> map(rs)).findOne());
    }

    /** The active agent with this name, or else the most recently revoked one. */
    public Optional<AgentRecord> findByName(String tenantId, String name) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_AGENT + """
                 WHERE a.tenant_id = :tenant AND a.name = :name
                ORDER BY CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, enrolled_at DESC""")
                .bind("tenant", tenantId).bind("name", name).map((rs, ctx) -> map(rs)).findFirst());
    }

    /**
     * Active (not revoked) agents of a tenant by name; names not found are simply absent. Up to 200 names
     * are looked up one by one on the index; a longer list is matched in memory against the tenant's
     * active agents. (An IN list of bind parameters is compared row by row by H2, not looked up on the
     * index: that made a 10,000-agent job take seconds.)
     */
    List<AgentRecord> findActiveByNames(String tenantId, List<String> names) {
        if (names.size() <= 200) {
            // Point lookups on the (tenant_id, active_name) index, in one handle.
            return jdbi.withHandle(h -> {
                List<AgentRecord> found = new java.util.ArrayList<>();
                for (String name : names) {
                    h.createQuery(SELECT_AGENT + " WHERE a.tenant_id = :tenant AND active_name = :name AND revoked_at IS NULL")
                            .bind("tenant", tenantId).bind("name", name).map((rs, ctx) -> map(rs)).findOne()
                            .ifPresent(found::add);
                }
                return found;
            });
        }
        java.util.Set<String> wanted = new java.util.HashSet<>(names);
        return jdbi.withHandle(h -> h.createQuery(SELECT_AGENT + " WHERE a.tenant_id = :tenant AND revoked_at IS NULL")
                .bind("tenant", tenantId).map((rs, ctx) -> map(rs)).stream()
                .filter(agent -> wanted.contains(agent.name())).toList());
    }

    /** Agents revoked at or after {@code since} (any tenant): for closing their connections on every node. */
    List<AgentRegistry.Revocation> revokedSince(Instant since) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, revoked_at FROM agents WHERE revoked_at >= :since")
                .bind("since", since)
                .map((rs, ctx) -> new AgentRegistry.Revocation(rs.getString("id"), Rows.instant(rs, "revoked_at"))).list());
    }

    boolean isEnrolled(String agentId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM agents WHERE id = :id AND revoked_at IS NULL")
                .bind("id", agentId).mapTo(Integer.class).one() > 0);
    }

    public List<AgentRecord> list(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_AGENT + " WHERE a.tenant_id = :tenant ORDER BY a.name, enrolled_at")
                .bind("tenant", tenantId).map((rs, ctx) -> map(rs)).list());
    }

    public boolean revoke(org.jdbi.v3.core.Handle h, String agentId, Instant now) {
        return h.createUpdate(
                "UPDATE agents SET revoked_at = :now, active_name = NULL WHERE id = :id AND revoked_at IS NULL")
                .bind("now", now).bind("id", agentId).execute() == 1;
    }

    /** The tenant's enrolled (not revoked) agents. */
    List<AgentRecord> listActive(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_AGENT + " WHERE a.tenant_id = :tenant AND a.revoked_at IS NULL ORDER BY a.name")
                .bind("tenant", tenantId).map((rs, ctx) -> map(rs)).list());
    }

    /** Name and primary team id of agents by id (any state), in chunks. */
    java.util.Map<String, AgentRegistry.Placement> placements(List<String> agentIds) {
        java.util.Map<String, AgentRegistry.Placement> found = new java.util.HashMap<>();
        for (int from = 0; from < agentIds.size(); from += 1000) {
            List<String> chunk = agentIds.subList(from, Math.min(agentIds.size(), from + 1000));
            jdbi.useHandle(h -> h.createQuery("SELECT id, name, primary_team_id FROM agents WHERE id IN (<ids>)")
                    .bindList("ids", chunk).map((rs, ctx) -> found.put(rs.getString("id"),
                            new AgentRegistry.Placement(rs.getString("name"), rs.getString("primary_team_id")))).list());
        }
        return found;
    }

    void saveLabels(String agentId, java.util.Map<String, String> labels) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE agents SET labels = :labels WHERE id = :id")
                .bind("labels", labels.isEmpty() ? null : AgentLabels.toJson(labels)).bind("id", agentId).execute());
    }

    public void recordCheckIns(org.jdbi.v3.core.Handle h, List<CheckInRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        var batch = h.prepareBatch("""
                UPDATE agents SET last_seen = :now, hostname = :hostname, os = :os, agent_version = :version,
                                  poll_interval_seconds = :poll
                WHERE id = :id""");
        rows.forEach(row -> batch.bind("now", row.at()).bind("hostname", row.hostname()).bind("os", row.os())
                .bind("version", row.version()).bind("poll", row.pollIntervalSeconds()).bind("id", row.agentId()).add());
        batch.execute();
    }

    public void recordContacts(org.jdbi.v3.core.Handle h, java.util.Map<String, Instant> lastSeen) {
        if (lastSeen.isEmpty()) {
            return;
        }
        var batch = h.prepareBatch("UPDATE agents SET last_seen = :now WHERE id = :id");
        lastSeen.forEach((id, at) -> batch.bind("now", at).bind("id", id).add());
        batch.execute();
    }

    private static AgentRecord map(ResultSet rs) throws SQLException {
        return new AgentRecord(rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"),
                rs.getString("cert_fingerprint"), Rows.instant(rs, "enrolled_at"), Rows.instant(rs, "last_seen"),
                Rows.instant(rs, "revoked_at"), rs.getString("mode"), rs.getLong("poll_interval_seconds"),
                rs.getString("hostname"), rs.getString("os"), rs.getString("agent_version"),
                AgentSettings.fromJson(rs.getString("settings")), AgentLabels.fromJson(rs.getString("labels")),
                rs.getString("primary_team_id") == null ? null : new AgentRecord.PrimaryTeam(rs.getString("primary_team_id"),
                        rs.getString("team_name"), AgentSettings.fromJson(rs.getString("team_settings"))));
    }
}
