package dev.steward.server.job;

import java.time.Instant;
import java.util.List;

/** A job with every run and its task results: the shape of {@code jobs show --output json}. */
public record JobView(String id, String module, int moduleVersion, String status, Instant createdAt, List<RunView> runs) {
}
