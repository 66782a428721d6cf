package dev.steward.server.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer to creating a job: the job's own fields (as in {@link JobView}) and how many of its runs are
 * in each state ({@code run_counts}, status → count, and {@code runs_total}), not the runs themselves, so
 * a fan-out to thousands of agents answers in a few hundred bytes. {@code runs} (each run as in
 * {@link JobView}) only when asked for with {@code POST /api/v1/jobs?runs=true}; left out otherwise.
 */
public record JobCreated(String id, String module, Integer moduleVersion, String status, Instant createdAt, String kind,
        String name, Map<String, Integer> runCounts, int runsTotal, @JsonInclude(JsonInclude.Include.NON_NULL) List<RunView> runs) {
}
