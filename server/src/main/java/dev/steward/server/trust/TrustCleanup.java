package dev.steward.server.trust;

import dev.steward.server.folder.FolderKind;
import dev.steward.server.folder.FolderRemovalListener;
import dev.steward.server.resource.ResourceRemovalListener;
import dev.steward.server.team.TeamRemovalListener;

/** When a folder, team or resource is deleted, the trusts it held or that named it go too. */
public final class TrustCleanup implements FolderRemovalListener, TeamRemovalListener, ResourceRemovalListener {
    private final TrustStore store;

    public TrustCleanup(TrustStore store) {
        this.store = store;
    }

    @Override
    public void folderRemoved(String tenantId, FolderKind kind, String folderId) {
        store.removeNode(tenantId, switch (kind) {
            case TEAM -> TrustNode.teamFolder(folderId);
            case MODULE -> TrustNode.moduleFolder(folderId);
            case RESOURCE -> TrustNode.resourceFolder(folderId);
        });
    }

    @Override
    public void teamRemoved(String tenantId, String teamId) {
        store.removeNode(tenantId, TrustNode.team(teamId));
    }

    @Override
    public void resourceRemoved(String tenantId, String resourceId) {
        store.removeNode(tenantId, TrustNode.resource(resourceId));
    }
}
