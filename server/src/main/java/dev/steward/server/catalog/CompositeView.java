package dev.steward.server.catalog;

import java.time.Instant;

/** A project or run book as the API shows it: {@code definition} is the ProjectSpec or RunbookSpec. */
public record CompositeView(String kind, String name, String folder, String description, Object definition,
        Instant updatedAt) {
}
