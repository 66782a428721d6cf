package dev.steward.server.resource;

import java.time.Instant;

/** A catalog entry: a named file of a tenant, in a resource folder (null: root), with its content's hash. */
public record Resource(String id, String name, String folderId, String sha256, long size, Instant createdAt,
        Instant updatedAt) {
}
