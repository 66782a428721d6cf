package dev.steward.e2e;

import dev.steward.protocol.RunResult;
import dev.steward.protocol.ServerBatch;
import dev.steward.protocol.ServerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One writer thread of the durability test, acting as admin and agent at once: it creates a job for its
 * {@link ProtocolAgent} (an admin write), checks in to be assigned the run, and reports the result at the
 * next check-in (an agent write). Like the real agent it keeps every result until a check-in carrying it
 * was answered with 200, and sends it again otherwise, so results the server stored but could not
 * acknowledge before it died arrive twice and must still be stored once.
 */
final class SimulatedAgent implements Runnable {
    private static final int RESULTS_PER_CHECK_IN = 20;

    private final ProtocolAgent agent;
    private final Installation steward;
    private final RawClient admin;
    private final CrashCycles crashes;
    private final AckLedger ledger;
    private final List<String> problems;
    private final Map<String, RunResult> unacknowledged = new LinkedHashMap<>();
    private final Map<String, String> jobOfRun = new HashMap<>();
    private final Set<String> acknowledged = new HashSet<>();
    private volatile boolean stopped;

    SimulatedAgent(ProtocolAgent agent, Installation steward, CrashCycles crashes, AckLedger ledger, List<String> problems) {
        this.agent = agent;
        this.steward = steward;
        this.admin = RawClient.admin(steward);
        this.crashes = crashes;
        this.ledger = ledger;
        this.problems = problems;
    }

    @Override
    public void run() {
        try {
            write();
        } catch (RuntimeException e) {
            synchronized (problems) {
                problems.add("simulated agent " + agent.name() + " stopped: " + e);
            }
        }
    }

    private void write() {
        while (!stopped) {
            crashes.write(cycle -> {
                RawClient.Answer answer = admin.postJson("/api/v1/jobs", Map.of("module", DurabilityScenarios.QUICK,
                        "targets", List.of(agent.name())), steward.adminToken());
                if (answer.status() != 201) {
                    throw new ProtocolAgent.Refused("POST /api/v1/jobs: " + answer);
                }
                ledger.add(AckLedger.Kind.JOB, answer.body().get("id").asText(), answer.body().get("id").asText(), cycle);
            });
            crashes.write(this::checkIn);
        }
    }

    void stop() {
        stopped = true;
    }

    /**
     * After the writers stopped: checks in until every result is acknowledged and nothing more is offered;
     * false if that did not happen within the time given.
     */
    boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            int before = unacknowledged.size();
            boolean[] offered = {true};
            crashes.write(cycle -> offered[0] = checkIn(cycle));
            if (before == 0 && unacknowledged.isEmpty() && !offered[0]) {
                return true;
            }
        }
        return false;
    }

    /** One check-in with the waiting results; true if the server offered runs. */
    private boolean checkIn(int cycle) throws java.io.IOException {
        List<RunResult> sending = new ArrayList<>(unacknowledged.values()).subList(0,
                Math.min(RESULTS_PER_CHECK_IN, unacknowledged.size()));
        ServerBatch answer = agent.checkIn(sending);
        for (RunResult result : sending) {
            ledger.add(AckLedger.Kind.RESULT, result.runId(), jobOfRun.get(result.runId()), cycle);
            unacknowledged.remove(result.runId());
            acknowledged.add(result.runId());
        }
        boolean offered = false;
        for (ServerMessage message : answer.messages()) {
            if (message instanceof ServerMessage.AssignRun assign) {
                offered = true;
                if (acknowledged.contains(assign.runId())) {
                    // The server forgot a result it acknowledged. The cycle check reports the loss; answering
                    // again keeps the run from staying open so the next cycles measure what they should.
                    synchronized (problems) {
                        problems.add("run " + assign.runId() + " of job " + assign.jobId() + " was offered again in cycle "
                                + cycle + " although its result had been acknowledged");
                    }
                    acknowledged.remove(assign.runId());
                }
                jobOfRun.put(assign.runId(), assign.jobId());
                unacknowledged.putIfAbsent(assign.runId(), ProtocolAgent.resultOf(assign.runId()));
            }
        }
        return offered;
    }
}
