package dev.steward.server.job;

import java.time.Instant;
import java.util.Map;

/** A job in a listing: its status and how many runs are in each state. */
public record JobSummary(String id, String module, Integer moduleVersion, String status, Instant createdAt,
        Map<String, Integer> runs, String kind, String name) {
}
