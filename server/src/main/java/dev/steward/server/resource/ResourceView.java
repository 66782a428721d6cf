package dev.steward.server.resource;

import java.time.Instant;

/** A resource as the API shows it. */
public record ResourceView(String id, String name, String folder, String sha256, long size, Instant createdAt,
        Instant updatedAt) {
}
