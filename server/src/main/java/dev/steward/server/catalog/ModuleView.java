package dev.steward.server.catalog;

import dev.steward.protocol.TaskSpec;
import java.time.Instant;
import java.util.List;

/** A stored module version. */
public record ModuleView(String id, String name, int version, String description, List<TaskSpec> tasks,
        Instant createdAt) {
}
