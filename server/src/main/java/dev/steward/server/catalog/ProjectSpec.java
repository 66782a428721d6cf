package dev.steward.server.catalog;

import java.util.List;

/**
 * An ordered list of modules run one after another on each target agent. A module that fails stops the
 * project on that agent, unless it is marked {@code continue}.
 */
public record ProjectSpec(String name, String description, List<Entry> modules) {
    public ProjectSpec {
        modules = List.copyOf(modules);
    }

    public record Entry(String module, boolean continueOnFailure) {
    }
}
