package dev.steward.server.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steward.protocol.Inventory;
import dev.steward.protocol.Wire;
import dev.steward.server.store.Rows;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** One row per agent: its latest inventory and any outstanding request. */
public final class InventoryStore {
    private final Jdbi jdbi;

    public InventoryStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void request(String tenantId, Collection<String> agentIds, String requestId, Instant now) {
        retryOnce(() -> jdbi.useTransaction(h -> {
            for (String agentId : agentIds) {
                ensureRow(h, tenantId, agentId);
                h.createUpdate("UPDATE inventory SET request_id = :request, requested_at = :now WHERE agent_id = :agent")
                        .bind("request", requestId).bind("now", now).bind("agent", agentId).execute();
            }
        }));
    }

    /** Two first writes for one agent can both try to create its row; the loser simply runs again. */
    private static void retryOnce(Runnable write) {
        try {
            write.run();
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException raced) {
            write.run();
        }
    }

    Optional<String> pendingRequest(String agentId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT request_id FROM inventory WHERE agent_id = :agent")
                .bind("agent", agentId).mapTo(String.class).findOne().filter(id -> id != null));
    }

    /** Stores a report; it answers the outstanding request only if it names it. */
    void save(String tenantId, String agentId, String requestId, Inventory inventory, Instant now) {
        retryOnce(() -> jdbi.useTransaction(h -> save(h, tenantId, agentId, requestId, inventory, now)));
    }

    void save(Handle h, String tenantId, String agentId, String requestId, Inventory inventory, Instant now) {
        String data = encode(inventory);
        ensureRow(h, tenantId, agentId);
        h.createUpdate("""
                UPDATE inventory SET data = :data, collected_at = :collected, received_at = :now,
                       request_id = CASE WHEN request_id = :request THEN NULL ELSE request_id END
                WHERE agent_id = :agent""")
                .bind("data", data).bind("collected", inventory.collectedAt()).bind("now", now)
                .bind("request", requestId).bind("agent", agentId).execute();
    }

    List<InventoryView> views(String tenantId, Collection<String> agentIds) {
        if (agentIds.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT a.id, a.name, i.request_id, i.requested_at, i.received_at, i.data
                FROM agents a LEFT JOIN inventory i ON i.agent_id = a.id
                WHERE a.tenant_id = :tenant AND a.id IN (<agents>) ORDER BY a.name""")
                .bind("tenant", tenantId).bindList("agents", List.copyOf(agentIds))
                .map((rs, ctx) -> new InventoryView(rs.getString("name"), rs.getString("id"),
                        rs.getString("request_id") != null, Rows.instant(rs, "requested_at"),
                        Rows.instant(rs, "received_at"), decode(rs.getString("data"))))
                .list());
    }

    private static void ensureRow(Handle h, String tenantId, String agentId) {
        boolean exists = h.createQuery("SELECT COUNT(*) FROM inventory WHERE agent_id = :agent")
                .bind("agent", agentId).mapTo(Integer.class).one() > 0;
        if (!exists) {
            // Portable insert-if-absent: a concurrent first write may win the race, which is fine.
            h.createUpdate("""
                    INSERT INTO inventory (agent_id, tenant_id)
                    SELECT :agent, :tenant FROM agents WHERE id = :agent
                      AND NOT EXISTS (SELECT 1 FROM inventory WHERE agent_id = :agent)""")
                    .bind("agent", agentId).bind("tenant", tenantId).execute();
        }
    }

    private static String encode(Inventory inventory) {
        try {
            return Wire.json().writeValueAsString(inventory);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Inventory decode(String data) {
        if (data == null) {
            return null;
        }
        try {
            return Wire.json().readValue(data, Inventory.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored inventory is unreadable", e);
        }
    }
}
