package dev.steward.server.folder;

import java.time.Instant;

/** A folder as the API shows it, with what it holds (sub-folders and items: teams, modules, resources...). */
public record FolderView(String id, String kind, String path, String name, String parent, int folders, int items,
        Instant createdAt) {
}
