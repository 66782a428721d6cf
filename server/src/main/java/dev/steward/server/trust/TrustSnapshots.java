package dev.steward.server.trust;

import dev.steward.server.catalog.ModuleService;
import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.folder.Folder;
import dev.steward.server.folder.FolderKind;
import dev.steward.server.folder.FolderService;
import dev.steward.server.resource.Resource;
import dev.steward.server.resource.ResourceService;
import dev.steward.server.team.Team;
import dev.steward.server.team.TeamService;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads what one evaluation needs about a tenant into a {@link TrustSnapshot}: the three folder trees,
 * teams, module and resource placements, the trusts, and only the agents being evaluated (plus those a
 * trust names, for their display names), so a tenant with many agents costs a few queries, not a scan.
 */
public final class TrustSnapshots {
    private final TrustStore store;
    private final FolderService folders;
    private final TeamService teams;
    private final AgentRegistry agents;
    private final ModuleService modules;
    private final ResourceService resources;

    public TrustSnapshots(TrustStore store, FolderService folders, TeamService teams, AgentRegistry agents,
            ModuleService modules, ResourceService resources) {
        this.store = store;
        this.folders = folders;
        this.teams = teams;
        this.agents = agents;
        this.modules = modules;
        this.resources = resources;
    }

    TrustSnapshot load(String tenantId, Collection<String> agentIds) {
        TrustSnapshot.Builder builder = TrustSnapshot.builder();
        for (Folder f : folders.all(tenantId, FolderKind.TEAM).values()) {
            builder.teamFolder(f.id(), f.parentId()).name(TrustNode.teamFolder(f.id()), f.path());
        }
        for (Folder f : folders.all(tenantId, FolderKind.MODULE).values()) {
            builder.moduleFolder(f.id(), f.parentId()).name(TrustNode.moduleFolder(f.id()), f.path());
        }
        for (Folder f : folders.all(tenantId, FolderKind.RESOURCE).values()) {
            builder.resourceFolder(f.id(), f.parentId()).name(TrustNode.resourceFolder(f.id()), f.path());
        }
        for (Team team : teams.all(tenantId)) {
            builder.team(team.id(), team.folderId()).name(TrustNode.team(team.id()), team.name());
        }
        modules.folderIds(tenantId).forEach(builder::module);
        for (Resource r : resources.all(tenantId)) {
            builder.resource(r.id(), r.folderId()).name(TrustNode.resource(r.id()), r.name());
        }
        List<TrustEntry> entries = store.entries(tenantId);
        Set<String> wanted = new HashSet<>(agentIds);
        for (TrustEntry entry : entries) {
            builder.trust(entry);
            for (TrustNode node : List.of(entry.holder(), entry.target())) {
                if (node.kind() == TrustNodeKind.AGENT) {
                    wanted.add(node.id());
                }
            }
        }
        agents.placements(List.copyOf(wanted)).forEach((id, placement) -> {
            builder.agent(id, placement.primaryTeamId());
            builder.name(TrustNode.agent(id), placement.name());
        });
        return builder.build();
    }
}
