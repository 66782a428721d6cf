package dev.steward.server.job;

import dev.steward.protocol.RunStatus;
import java.util.Collection;

/**
 * A job's status is derived from its runs, never stored, so it cannot disagree with them: pending until
 * one is delivered, running until all are terminal, then succeeded only if every run succeeded.
 */
final class JobStatus {
    private JobStatus() {
    }

    static String of(Collection<RunStatus> runs) {
        if (runs.isEmpty()) {
            return "succeeded";
        }
        if (runs.stream().anyMatch(s -> !s.isTerminal())) {
            return runs.stream().allMatch(s -> s == RunStatus.PENDING || s == RunStatus.WAITING) ? "pending" : "running";
        }
        if (runs.stream().allMatch(s -> s == RunStatus.SUCCEEDED)) {
            return "succeeded";
        }
        if (runs.stream().anyMatch(s -> s == RunStatus.FAILED || s == RunStatus.TIMED_OUT)) {
            return "failed";
        }
        return "cancelled";
    }
}
