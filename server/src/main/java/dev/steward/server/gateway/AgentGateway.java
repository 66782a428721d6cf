package dev.steward.server.gateway;

import dev.steward.protocol.AgentBatch;
import dev.steward.protocol.AgentMessage;
import dev.steward.protocol.ProtocolLimits;
import dev.steward.protocol.ServerBatch;
import dev.steward.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import dev.steward.server.fleet.AgentRecord;
import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.http.ApiException;
import dev.steward.server.inventory.InventoryService;
import dev.steward.server.job.AgentRunService;

/**
 * The agent-facing service: takes one batch of agent messages (in order) and answers with the work the
 * agent should do now. Transport-neutral: the poll route calls it today; a push channel can call it too.
 */
public final class AgentGateway {
    private final AgentRegistry registry;
    private final AgentRunService runs;
    private final InventoryService inventory;

    public AgentGateway(AgentRegistry registry, AgentRunService runs, InventoryService inventory) {
        this.registry = registry;
        this.runs = runs;
        this.inventory = inventory;
    }

    /** Everything outstanding for an agent: runs to start or stop, and an inventory request. */
    public List<ServerMessage> pendingFor(String agentId) {
        List<ServerMessage> pending = new ArrayList<>(runs.pendingWork(agentId));
        pending.addAll(inventory.pendingFor(agentId));
        return pending;
    }

    /** Runs this batch reports as started: their "accepted" needs no write of its own. */
    private static java.util.Set<String> startedIn(AgentBatch batch) {
        java.util.Set<String> started = new java.util.HashSet<>();
        for (AgentMessage message : batch.messages()) {
            if (message instanceof AgentMessage.RunStarted notice && notice.runId() != null) {
                started.add(notice.runId());
            }
        }
        return started;
    }

    public ServerBatch exchange(AgentRecord agent, AgentBatch batch) {
        if (batch.messages().size() > ProtocolLimits.MAX_MESSAGES_PER_BATCH) {
            throw ApiException.badRequest("messages", "at most " + ProtocolLimits.MAX_MESSAGES_PER_BATCH
                    + " messages per batch");
        }
        boolean checkedIn = false;
        ServerMessage.Settings settings = null;
        java.util.Set<String> startedRuns = startedIn(batch);
        for (int i = 0; i < batch.messages().size(); i++) {
            String path = "messages[" + i + "]";
            switch (batch.messages().get(i)) {
                case AgentMessage.CheckIn checkIn -> {
                    AgentMessage.CheckIn clean = AgentInput.checkIn(checkIn, path);
                    registry.recordCheckIn(agent, clean.hostname(), clean.os(), clean.agentVersion(),
                            clean.pollIntervalSeconds());
                    checkedIn = true;
                    // By id, fresh: a push connection holds the agent record from the time it connected.
                    ServerMessage.Settings current = registry.settings(agent.id()).message();
                    if (!current.hash().equals(checkIn.settingsHash())) {
                        settings = current;
                    }
                }
                case AgentMessage.RunAccepted accepted -> {
                    // Accepted and started in one batch (the usual case): the start records both.
                    if (!startedRuns.contains(accepted.runId())) {
                        runs.accepted(agent.id(), AgentInput.runId(accepted.runId(), path + ".run_id"));
                    }
                }
                case AgentMessage.RunStarted started ->
                        runs.started(agent.id(), AgentInput.runId(started.runId(), path + ".run_id"));
                case AgentMessage.RunFinished finished ->
                        runs.finished(agent.id(), AgentInput.result(finished.result(), path + ".result"));
                case AgentMessage.RunOutput output -> runs.output(agent.id(), agent.name(),
                        AgentInput.runId(output.runId(), path + ".run_id"), AgentInput.label(output.task(), 128),
                        "stderr".equals(output.stream()) ? "stderr" : "stdout", AgentInput.liveText(output.text()));
                case AgentMessage.InventoryReport report -> inventory.report(agent,
                        AgentInput.requestId(report.requestId(), path + ".request_id"),
                        AgentInput.inventory(report.inventory(), path + ".inventory"));
                case null -> throw ApiException.badRequest(path, path + ": a message must not be null");
            }
        }
        if (!checkedIn) {
            // Live output alone is not worth a write; anything else is contact.
            if (batch.messages().stream().anyMatch(m -> !(m instanceof AgentMessage.RunOutput))) {
                registry.recordContact(agent);
            }
            return new ServerBatch(List.of());
        }
        // Outstanding work rides on check-ins (and on pushes); batches of notices, results or output
        // are answered with an acknowledgement only.
        List<ServerMessage> answer = new ArrayList<>();
        if (settings != null) {
            answer.add(settings);
        }
        answer.addAll(pendingFor(agent.id()));
        return new ServerBatch(answer);
    }
}
