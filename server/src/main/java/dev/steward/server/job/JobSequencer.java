package dev.steward.server.job;

import dev.steward.protocol.RunStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides which waiting runs of a project or run book job may start. Pure: given every run of the job,
 * returns the runs to release (pending) or skip, with the reason.
 * <ul>
 *   <li>A run book step starts when every run of every earlier step has ended; if an earlier step failed
 *       anywhere (a run failed, timed out, was cancelled or skipped) and was not marked continue, the
 *       later steps are skipped.</li>
 *   <li>Within a step, an agent's modules run in order: a module starts when the agent's earlier ones
 *       ended; one that failed, not marked continue, skips the agent's remaining modules.</li>
 * </ul>
 */
final class JobSequencer {
    private JobSequencer() {
    }

    /** One run as the sequencer sees it. */
    record SeqRun(String id, String agentId, int step, int position, RunStatus status, boolean stepContinue,
            boolean moduleContinue, String module) {
    }

    record Decision(String runId, String agentId, RunStatus status, String reason) {
    }

    /** Linear in the number of runs (after sorting): a run book may span thousands of agents. */
    static List<Decision> decide(List<SeqRun> runs) {
        Map<Integer, Map<String, List<SeqRun>>> byStep = new TreeMap<>();
        for (SeqRun run : runs) {
            byStep.computeIfAbsent(run.step(), k -> new LinkedHashMap<>()).computeIfAbsent(run.agentId(), k -> new ArrayList<>()).add(run);
        }
        List<Decision> decisions = new ArrayList<>();
        boolean earlierStepsEnded = true;
        String stopReason = null;
        for (var step : byStep.entrySet()) {
            boolean stepEnded = true;
            String stepFailure = null;
            for (List<SeqRun> agentRuns : step.getValue().values()) {
                agentRuns.sort(Comparator.comparingInt(SeqRun::position));
                String skipReason = stopReason;
                boolean blocked = !earlierStepsEnded;
                for (SeqRun run : agentRuns) {
                    RunStatus status = run.status();
                    if (status == RunStatus.WAITING && !blocked) {
                        status = skipReason != null ? RunStatus.SKIPPED : RunStatus.PENDING;
                        decisions.add(new Decision(run.id(), run.agentId(), status, skipReason));
                    }
                    if (!status.isTerminal()) {
                        blocked = true;
                        stepEnded = false;
                    } else if (status.isFailure()) {
                        if (skipReason == null && (!run.moduleContinue() || status == RunStatus.SKIPPED)) {
                            skipReason = "not run: module '" + run.module() + "' of the project " + status.wireName()
                                    + " on this agent";
                        }
                        if (stepFailure == null && !run.stepContinue()) {
                            stepFailure = "not run: run book step " + (run.step() + 1) + " failed (module '" + run.module()
                                    + "' " + status.wireName() + ")";
                        }
                    }
                }
            }
            earlierStepsEnded &= stepEnded;
            if (stopReason == null) {
                stopReason = stepFailure;
            }
        }
        return decisions;
    }
}
