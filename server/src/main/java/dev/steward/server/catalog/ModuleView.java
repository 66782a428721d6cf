package dev.steward.server.catalog;

import dev.steward.protocol.TaskSpec;
import java.time.Instant;
import java.util.List;

/** A stored module version; {@code folder} is the module folder's path as shown, its id as stored. */
public record ModuleView(String id, String name, int version, String description, List<TaskSpec> tasks,
        Instant createdAt, String folder) {

    ModuleView withFolder(String path) {
        return new ModuleView(id, name, version, description, tasks, createdAt, path);
    }
}
