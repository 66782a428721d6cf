package dev.steward.server.folder;

import java.time.Instant;

/** One folder as stored. {@code parentId} null: the folder sits at the root of its tree. */
public record Folder(String id, FolderKind kind, String parentId, String name, String path, Instant createdAt) {
}
