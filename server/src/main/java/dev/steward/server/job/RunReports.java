package dev.steward.server.job;

import dev.steward.protocol.RunResult;
import java.util.List;

/**
 * What one agent batch says about its runs, already validated: runs received, runs started, results.
 * The agent is the one its certificate names. Applied together with other agents' reports in one group
 * commit ({@link AgentRunService#record}).
 */
public record RunReports(String agentId, List<String> accepted, List<String> started, List<RunResult> finished) {
    public RunReports {
        accepted = List.copyOf(accepted);
        started = List.copyOf(started);
        finished = List.copyOf(finished);
    }

    public boolean isEmpty() {
        return accepted.isEmpty() && started.isEmpty() && finished.isEmpty();
    }
}
