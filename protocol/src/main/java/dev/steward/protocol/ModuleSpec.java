package dev.steward.protocol;

import java.util.List;

/** A module version as shipped to an agent: an ordered list of tasks. */
public record ModuleSpec(String name, int version, String description, List<TaskSpec> tasks) {
    public ModuleSpec {
        tasks = List.copyOf(tasks);
    }
}
