package dev.steward.server.inventory;

import dev.steward.protocol.Inventory;
import dev.steward.protocol.ServerMessage;
import dev.steward.server.fleet.AgentRecord;
import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.http.ApiException;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import dev.steward.server.job.WorkListener;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Agent inventory: admins ask for a fresh one (delivered at once to connected agents, at the next
 * check-in to polling ones) and read the latest; agents report at start, periodically and on request.
 */
public final class InventoryService {
    private final InventoryStore store;
    private final AgentRegistry agents;
    private final WorkListener work;
    private final Clock clock;

    public InventoryService(InventoryStore store, AgentRegistry agents, WorkListener work, Clock clock) {
        this.store = store;
        this.agents = agents;
        this.work = work;
        this.clock = clock;
    }

    public record CollectRequest(List<String> targets) {
    }

    public record Collection(String requestId, Instant requestedAt, List<String> agents) {
    }

    public Collection collect(Principal caller, CollectRequest request) {
        caller.require(Permission.MANAGE_AGENTS);
        if (request.targets() == null || request.targets().isEmpty()) {
            throw ApiException.badRequest("targets", "targets: one or more agent names");
        }
        List<AgentRecord> targets = agents.resolveTargets(caller.tenantId(), new ArrayList<>(new LinkedHashSet<>(request.targets())));
        String requestId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<String> ids = targets.stream().map(AgentRecord::id).toList();
        store.request(caller.tenantId(), ids, requestId, now);
        work.workChanged(ids);
        return new Collection(requestId, now, targets.stream().map(AgentRecord::name).toList());
    }

    public List<InventoryView> list(Principal caller, List<String> names) {
        caller.require(Permission.VIEW);
        List<AgentRecord> found;
        try {
            found = agents.resolveTargets(caller.tenantId(), names);
        } catch (ApiException unknown) {
            // For a read, an agent that does not exist is a missing resource, not a bad request.
            throw ApiException.notFound(unknown.getMessage());
        }
        return store.views(caller.tenantId(), found.stream().map(AgentRecord::id).toList());
    }

    public InventoryView show(Principal caller, String name) {
        return list(caller, List.of(name)).getFirst();
    }

    // ---- agent-facing ----

    public List<ServerMessage> pendingFor(String agentId) {
        return store.pendingRequest(agentId).<List<ServerMessage>>map(id -> List.of(new ServerMessage.CollectInventory(id)))
                .orElse(List.of());
    }

    public void report(AgentRecord agent, String requestId, Inventory inventory) {
        store.save(agent.tenantId(), agent.id(), requestId, inventory, clock.instant());
    }

    /** Stores a report within the caller's transaction (agent input is applied in group commits). */
    public void report(org.jdbi.v3.core.Handle h, String tenantId, String agentId, String requestId, Inventory inventory) {
        store.save(h, tenantId, agentId, requestId, inventory, clock.instant());
    }
}
