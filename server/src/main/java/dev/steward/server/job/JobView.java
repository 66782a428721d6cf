package dev.steward.server.job;

import java.time.Instant;
import java.util.List;

/**
 * A job with every run and its task results: the shape of {@code jobs show --output json}. {@code kind}
 * is module, project or runbook and {@code name} what was run; {@code module}/{@code module_version} are
 * set for module jobs only (each run names its own module).
 */
public record JobView(String id, String module, Integer moduleVersion, String status, Instant createdAt, List<RunView> runs,
        String kind, String name) {
}
