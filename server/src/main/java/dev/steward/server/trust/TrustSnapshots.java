package dev.steward.server.trust;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.steward.server.catalog.ModuleService;
import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.folder.Folder;
import dev.steward.server.folder.FolderKind;
import dev.steward.server.folder.FolderService;
import dev.steward.server.resource.Resource;
import dev.steward.server.resource.ResourceService;
import dev.steward.server.team.Team;
import dev.steward.server.team.TeamService;
import dev.steward.server.tenancy.TenantService;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what one evaluation needs about a tenant into a {@link TrustSnapshot}, in two parts:
 *
 * <ul>
 * <li>the tenant's part (the three folder trees, teams, module and resource placements, the trusts, and the
 *     names of agents a trust names) is cached per tenant and trust version ({@code tenants.trust_version},
 *     bumped in the same transaction as every write to any of these: see {@code tenancy.TrustVersion}). A
 *     cached part is reused only while the tenant still reads the version it was loaded at, so a trust
 *     removed on any node sharing the datastore takes effect at the next admission on every node;</li>
 * <li>the agents being evaluated (primary team and name) are read for every call, one indexed query by id:
 *     a primary team change is seen at once without bumping the version, and a tenant with many agents
 *     never puts them all in a cached snapshot.</li>
 * </ul>
 */
public final class TrustSnapshots {
    /** Roughly nodes + trusts kept over all cached tenants (a few hundred bytes each). */
    static final long MAX_CACHED_WEIGHT = 200_000;
    /** A re-read of the version after loading differs: a write committed meanwhile; read again this often. */
    private static final int CONSISTENT_READ_ATTEMPTS = 3;

    private final TrustStore store;
    private final FolderService folders;
    private final TeamService teams;
    private final AgentRegistry agents;
    private final ModuleService modules;
    private final ResourceService resources;
    private final TenantService tenants;
    private final Cache<Key, TrustSnapshot> cache;

    private record Key(String tenantId, long version) {
    }

    public TrustSnapshots(TrustStore store, FolderService folders, TeamService teams, AgentRegistry agents,
            ModuleService modules, ResourceService resources, TenantService tenants) {
        this.store = store;
        this.folders = folders;
        this.teams = teams;
        this.agents = agents;
        this.modules = modules;
        this.resources = resources;
        this.tenants = tenants;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(MAX_CACHED_WEIGHT)
                .weigher((Key key, TrustSnapshot snapshot) -> snapshot.weight())
                // A tenant nobody runs jobs for gives its room back.
                .expireAfterAccess(Duration.ofMinutes(30))
                .build();
    }

    /** The tenant as it is now, with these agents placed: reads the tenant's trust version first. */
    TrustSnapshot load(String tenantId, Collection<String> agentIds) {
        return load(tenantId, tenants.trustState(tenantId).version(), agentIds);
    }

    /**
     * The tenant at {@code version} (just read by the caller) or later, with these agents placed as they
     * are now. One query for the agents when the tenant's part is cached.
     */
    TrustSnapshot load(String tenantId, long version, Collection<String> agentIds) {
        Map<String, TrustSnapshot.AgentPlacement> placements = new HashMap<>();
        agents.placements(List.copyOf(new HashSet<>(agentIds))).forEach((id, placement) ->
                placements.put(id, new TrustSnapshot.AgentPlacement(placement.primaryTeamId(), placement.name())));
        return tenantPart(tenantId, version).withAgents(placements);
    }

    /** How many tenant parts are cached now (for tests of the cache itself). */
    long cachedTenants() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    TrustSnapshot tenantPart(String tenantId, long version) {
        Key key = new Key(tenantId, version);
        TrustSnapshot cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        // Concurrent misses for the same version wait for one load instead of each reading the tenant.
        TrustSnapshot loaded = cache.get(key, k -> consistentRead(tenantId));
        // Older versions of this tenant will never be asked for again (versions only grow).
        cache.asMap().keySet().removeIf(k -> k.tenantId().equals(tenantId) && k.version() < version);
        return loaded;
    }

    /**
     * The tenant's part as of one committed state. The reads are separate statements, so a write committing
     * between two of them could be half seen; every such write bumps the version, so an unchanged version
     * read before and after proves the reads saw one state. The state read may be newer than the version
     * asked for, never older, which is what an admission needs. If writes keep landing, the last read is
     * used anyway: it is no older than the version asked for, and the admission raced those writes.
     */
    private TrustSnapshot consistentRead(String tenantId) {
        TrustSnapshot snapshot = null;
        for (int attempt = 0; attempt < CONSISTENT_READ_ATTEMPTS; attempt++) {
            long before = tenants.trustState(tenantId).version();
            snapshot = readTenantPart(tenantId);
            if (tenants.trustState(tenantId).version() == before) {
                return snapshot;
            }
        }
        return snapshot;
    }

    private TrustSnapshot readTenantPart(String tenantId) {
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
        Set<String> named = new HashSet<>();
        for (TrustEntry entry : store.entries(tenantId)) {
            builder.trust(entry);
            for (TrustNode node : List.of(entry.holder(), entry.target())) {
                if (node.kind() == TrustNodeKind.AGENT) {
                    named.add(node.id());
                }
            }
        }
        // Only the names of agents a trust names (an agent's name never changes); where they sit is read
        // per admission, like every evaluated agent's.
        agents.placements(List.copyOf(named)).forEach((id, placement) -> builder.name(TrustNode.agent(id), placement.name()));
        return builder.build();
    }
}
