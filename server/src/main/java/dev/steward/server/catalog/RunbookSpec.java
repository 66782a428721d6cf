package dev.steward.server.catalog;

import java.util.List;

/**
 * An ordered list of steps, each a module or a project with its own targets (or, when it names none, the
 * job's). A step starts when every run of the step before it has ended; a step that failed anywhere stops
 * the run book, unless it is marked {@code continue}.
 */
public record RunbookSpec(String name, String description, List<Step> steps) {
    public RunbookSpec {
        steps = List.copyOf(steps);
    }

    /** Exactly one of {@code module} and {@code project} is set. */
    public record Step(String module, String project, Targets targets, boolean continueOnFailure) {
    }
}
