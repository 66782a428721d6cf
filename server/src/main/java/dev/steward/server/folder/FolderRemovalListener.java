package dev.steward.server.folder;

/** Told when a folder is deleted, so trusts held by or naming it go with it (without folder knowing trusts). */
@FunctionalInterface
public interface FolderRemovalListener {
    void folderRemoved(String tenantId, FolderKind kind, String folderId);
}
