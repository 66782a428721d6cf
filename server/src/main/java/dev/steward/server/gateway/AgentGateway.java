package dev.steward.server.gateway;

import dev.steward.protocol.AgentBatch;
import dev.steward.protocol.AgentMessage;
import dev.steward.protocol.ProtocolLimits;
import dev.steward.protocol.ServerBatch;
import dev.steward.protocol.ServerMessage;
import dev.steward.protocol.RunResult;
import dev.steward.server.fleet.CheckInRow;
import dev.steward.server.job.RunReports;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
    /**
     * Exchanges reading the datastore at once (the check-in's answer, a sequence's next step), by all agents
     * together; beyond this many, an agent is told to retry later rather than parking one more thread in
     * front of the connection pool. Waiting for a group commit holds no permit: the writer's own bounded
     * queue limits that, and a permit held there would cap every group at this size.
     */
    static final int MAX_CONCURRENT_EXCHANGES = 256;
    private static final long ADMISSION_WAIT_MILLIS = 2_000;

    private final AgentRegistry registry;
    private final AgentRunService runs;
    private final InventoryService inventory;
    private final AgentInputWriter writer;
    private final IdleAgents idle;
    private final Semaphore admission = new Semaphore(MAX_CONCURRENT_EXCHANGES);

    /** {@code idle} must hear of every work change (before a push channel reads through it). */
    public AgentGateway(AgentRegistry registry, AgentRunService runs, InventoryService inventory, AgentInputWriter writer,
            IdleAgents idle) {
        this.registry = registry;
        this.runs = runs;
        this.inventory = inventory;
        this.writer = writer;
        this.idle = idle;
    }

    /** Everything outstanding for an agent: runs to start or stop, and an inventory request. */
    public List<ServerMessage> pendingFor(String agentId) {
        return idle.pending(agentId, () -> {
            List<ServerMessage> pending = new ArrayList<>(runs.pendingWork(agentId));
            pending.addAll(inventory.pendingFor(agentId));
            return pending;
        });
    }

    /**
     * Applies one batch: validates every message first (a bad one refuses the batch and stores nothing),
     * relays live output, stores the rest in a group commit and, after it committed, answers; a check-in
     * is answered with the agent's outstanding work.
     */
    public ServerBatch exchange(AgentRecord agent, AgentBatch batch) {
        if (batch.messages().size() > ProtocolLimits.MAX_MESSAGES_PER_BATCH) {
            throw ApiException.badRequest("messages", "at most " + ProtocolLimits.MAX_MESSAGES_PER_BATCH
                    + " messages per batch");
        }
        Parsed parsed = parse(agent, batch);
        parsed.output().forEach(piece -> runs.output(agent.id(), agent.name(), piece.runId(), piece.task(),
                piece.stream(), piece.text()));
        Instant contact = !parsed.checkedIn() && parsed.contact() ? registry.contactDue(agent).orElse(null) : null;
        AgentWrites writes = new AgentWrites(agent.id(), agent.tenantId(), parsed.checkIn(), contact, parsed.runs(), parsed.inventory());
        AgentRunService.Recorded recorded = writes.isEmpty() ? null : store(agent, writes);
        if (recorded == null && !parsed.checkedIn()) {
            return new ServerBatch(List.of());
        }
        admit();
        try {
            if (recorded != null) {
                runs.afterRecorded(recorded);
            }
            return answer(agent, parsed);
        } finally {
            admission.release();
        }
    }

    private AgentRunService.Recorded store(AgentRecord agent, AgentWrites writes) {
        try {
            return writer.store(writes);
        } catch (RuntimeException e) {
            if (writes.checkIn() != null || writes.contact() != null) {
                registry.writeFailed(agent.id());
            }
            throw e;
        }
    }

    private void admit() {
        boolean admitted;
        try {
            admitted = admission.tryAcquire(ADMISSION_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            // What the batch asked to store is stored; sent again, it is recognised as a duplicate, and a
            // sequence's next step is released then (duplicates advance sequences too).
            throw ApiException.retryLater("the server is busy (" + MAX_CONCURRENT_EXCHANGES
                    + " agent exchanges reading the datastore); send this batch again later",
                    AgentInputWriter.RETRY_AFTER_SECONDS);
        }
    }

    private ServerBatch answer(AgentRecord agent, Parsed parsed) {
        if (!parsed.checkedIn()) {
            // Outstanding work rides on check-ins (and on pushes); batches of notices, results or output
            // are answered with an acknowledgement only.
            return new ServerBatch(List.of());
        }
        List<ServerMessage> answer = new ArrayList<>();
        // By id, fresh: a push connection holds the agent record from the time it connected.
        ServerMessage.Settings current = registry.settings(agent.id()).message();
        if (!current.hash().equals(parsed.settingsHash())) {
            answer.add(current);
        }
        answer.addAll(pendingFor(agent.id()));
        return new ServerBatch(answer);
    }

    private record OutputPiece(String runId, String task, String stream, String text) {
    }

    /** {@code checkIn}: what to write of the batch's check-in, null also when it need not be written. */
    private record Parsed(boolean checkedIn, CheckInRow checkIn, String settingsHash, boolean contact, RunReports runs,
            List<AgentWrites.InventoryReport> inventory, List<OutputPiece> output) {
    }

    /** Every message validated and sorted by what it asks for; nothing is written yet. */
    private Parsed parse(AgentRecord agent, AgentBatch batch) {
        boolean checkedIn = false;
        CheckInRow checkIn = null;
        String settingsHash = null;
        boolean contact = false;
        List<String> accepted = new ArrayList<>();
        List<String> started = new ArrayList<>();
        List<RunResult> finished = new ArrayList<>();
        List<AgentWrites.InventoryReport> reports = new ArrayList<>();
        List<OutputPiece> output = new ArrayList<>();
        for (int i = 0; i < batch.messages().size(); i++) {
            String path = "messages[" + i + "]";
            AgentMessage message = batch.messages().get(i);
            // Live output alone is not worth a write; anything else is contact.
            contact |= message != null && !(message instanceof AgentMessage.RunOutput);
            switch (message) {
                case AgentMessage.CheckIn raw -> {
                    AgentMessage.CheckIn clean = AgentInput.checkIn(raw, path);
                    checkIn = registry.checkIn(agent, clean.hostname(), clean.os(), clean.agentVersion(),
                            clean.pollIntervalSeconds()).orElse(checkIn);
                    checkedIn = true;
                    settingsHash = raw.settingsHash();
                }
                case AgentMessage.RunAccepted notice -> accepted.add(AgentInput.runId(notice.runId(), path + ".run_id"));
                case AgentMessage.RunStarted notice -> started.add(AgentInput.runId(notice.runId(), path + ".run_id"));
                case AgentMessage.RunFinished notice -> finished.add(AgentInput.result(notice.result(), path + ".result"));
                case AgentMessage.RunOutput piece -> output.add(new OutputPiece(
                        AgentInput.runId(piece.runId(), path + ".run_id"), AgentInput.label(piece.task(), 128),
                        "stderr".equals(piece.stream()) ? "stderr" : "stdout", AgentInput.liveText(piece.text())));
                case AgentMessage.InventoryReport report -> reports.add(new AgentWrites.InventoryReport(
                        AgentInput.requestId(report.requestId(), path + ".request_id"),
                        AgentInput.inventory(report.inventory(), path + ".inventory")));
                case null -> throw ApiException.badRequest(path, path + ": a message must not be null");
            }
        }
        return new Parsed(checkedIn, checkIn, settingsHash, contact, new RunReports(agent.id(), accepted, started, finished),
                reports, output);
    }
}
