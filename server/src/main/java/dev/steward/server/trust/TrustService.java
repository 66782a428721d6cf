package dev.steward.server.trust;

import dev.steward.server.catalog.ModuleService;
import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.folder.FolderKind;
import dev.steward.server.folder.FolderService;
import dev.steward.server.http.ApiException;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import dev.steward.server.resource.ResourceService;
import dev.steward.server.team.TeamService;
import dev.steward.server.tenancy.TenantService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Admin-facing trusts: configure (who may depends on Trusts Security), list, and explain a decision with
 * its inheritance chain. Objects are named as people know them: folders by path, the rest by name.
 */
public final class TrustService {
    private final TrustStore store;
    private final TrustSnapshots snapshots;
    private final TenantService tenants;
    private final FolderService folders;
    private final TeamService teams;
    private final AgentRegistry agents;
    private final ModuleService modules;
    private final ResourceService resources;
    private final Clock clock;

    public TrustService(TrustStore store, TrustSnapshots snapshots, TenantService tenants, FolderService folders,
            TeamService teams, AgentRegistry agents, ModuleService modules, ResourceService resources, Clock clock) {
        this.store = store;
        this.snapshots = snapshots;
        this.tenants = tenants;
        this.folders = folders;
        this.teams = teams;
        this.agents = agents;
        this.modules = modules;
        this.resources = resources;
        this.clock = clock;
    }

    /** {@code holder} trusts {@code target}; kinds as on the wire (team_folder, team, agent, module_folder, ...). */
    public record TrustRequest(String holderKind, String holder, String targetKind, String target) {
    }

    public record TrustView(String holderKind, String holder, String targetKind, String target) {
    }

    public record SecurityView(String trustsSecurity, boolean applied, String whoMayConfigure) {
    }

    public SecurityView security(Principal caller) {
        caller.require(Permission.VIEW);
        return securityView(security(caller.tenantId()));
    }

    public SecurityView setSecurity(Principal caller, String value) {
        caller.require(Permission.MANAGE_TOKENS);
        TrustsSecurity parsed = TrustsSecurity.parse(value);
        tenants.setTrustsSecurity(caller, parsed.wireName());
        return securityView(parsed);
    }

    public TrustView add(Principal caller, TrustRequest request) {
        requireConfigure(caller);
        TrustEntry entry = entry(caller.tenantId(), request);
        store.add(caller.tenantId(), entry, caller.tokenId(), clock.instant());
        return view(entry, snapshots.load(caller.tenantId(), List.of()));
    }

    public void remove(Principal caller, TrustRequest request) {
        requireConfigure(caller);
        TrustEntry entry = entry(caller.tenantId(), request);
        if (!store.remove(caller.tenantId(), entry)) {
            throw ApiException.notFound("no such trust: " + request.holderKind() + " '" + request.holder() + "' does not trust "
                    + request.targetKind() + " '" + request.target() + "' explicitly; see 'steward trusts list'");
        }
    }

    public List<TrustView> list(Principal caller) {
        caller.require(Permission.VIEW);
        return entries(caller.tenantId());
    }

    /** One direction of an explanation: whether it holds, the trust that decides it, and the chain searched. */
    public record SideView(boolean trusted, String heldBy, String heldByKind, boolean inherited, String names,
            String namesKind, List<String> searched) {
    }

    public record ExplainView(String agent, String objectKind, String object, String decision, String trustsSecurity,
            boolean applied, SideView agentSide, SideView objectSide, String message) {
    }

    /** Why the agent may (or may not) run the module, or use the resource: both directions, with where each comes from. */
    public ExplainView explain(Principal caller, String agentName, String moduleName, String resourceName) {
        caller.require(Permission.VIEW);
        if ((moduleName == null) == (resourceName == null)) {
            throw ApiException.badRequest("module", "name exactly one of --module and --resource");
        }
        String tenant = caller.tenantId();
        String agentId = agents.activeByName(tenant, agentName).id();
        TrustNode object;
        if (moduleName != null) {
            modules.latest(tenant, moduleName);
            object = TrustNode.module(moduleName);
        } else {
            object = TrustNode.resource(resources.byName(tenant, resourceName).orElseThrow(() -> ApiException.notFound(
                    "no resource named '" + resourceName + "' in this tenant; see 'steward resources list'")).id());
        }
        TrustSnapshot snapshot = snapshots.load(tenant, List.of(agentId));
        TrustDecision decision = TrustEvaluator.evaluate(snapshot, agentId, object);
        TrustsSecurity security = security(tenant);
        boolean applied = security == TrustsSecurity.ENABLED;
        String verdict = decision.allowed() ? "allowed" : applied ? "refused" : "allowed (trusts not applied: " + security.wireName() + ")";
        return new ExplainView(agentName, object.kind().wireName(), moduleName != null ? moduleName : resourceName,
                verdict, security.wireName(), applied, side(decision.agentSide(), snapshot), side(decision.objectSide(), snapshot),
                applied || decision.allowed() ? decision.explain(snapshot)
                        : "trusts are not applied (" + security.wireName() + "); once enabled: " + decision.explain(snapshot));
    }

    // ---- for other capabilities ----

    /** The tenant's trusts with display names (folders by path), for exports. */
    public List<TrustView> entries(String tenantId) {
        TrustSnapshot names = snapshots.load(tenantId, List.of());
        return store.entries(tenantId).stream().map(e -> view(e, names)).toList();
    }

    /** Adds a trust for an import; false when it was already there. Same permission rules as a person adding it. */
    public boolean addImported(Principal caller, TrustRequest request) {
        requireConfigure(caller);
        return store.add(caller.tenantId(), entry(caller.tenantId(), request), caller.tokenId(), clock.instant());
    }

    /** Refuses (403) unless the caller may configure trusts in its tenant now. */
    public void requireConfigure(Principal caller) {
        if (security(caller.tenantId()) == TrustsSecurity.DISABLED) {
            if (!caller.role().fullAccess()) {
                throw ApiException.forbidden("Trusts Security is disabled in this tenant: only full-access admins may "
                        + "configure trusts; ask one to set it to configure-only ('steward trusts security configure-only')");
            }
            return;
        }
        caller.require(Permission.CONFIGURE_TRUSTS);
    }

    private TrustsSecurity security(String tenantId) {
        return TrustsSecurity.parse(tenants.trustsSecurity(tenantId));
    }

    private static SecurityView securityView(TrustsSecurity security) {
        return new SecurityView(security.wireName(), security == TrustsSecurity.ENABLED,
                security == TrustsSecurity.DISABLED ? "full-access admins" : "roles with the configure-trusts permission");
    }

    private TrustEntry entry(String tenant, TrustRequest request) {
        TrustNode holder = node(tenant, request.holderKind(), request.holder(), "holder");
        TrustNode target = node(tenant, request.targetKind(), request.target(), "target");
        try {
            return new TrustEntry(holder, target);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("target_kind", "a " + holder.kind().label() + " can only trust "
                    + (holder.kind().agentSide() ? "module folders, modules, resource folders and resources"
                    : "team folders, teams and agents") + "; got " + target.kind().label());
        }
    }

    private TrustNode node(String tenant, String kindText, String ref, String field) {
        TrustNodeKind kind;
        try {
            kind = TrustNodeKind.fromWire(kindText);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + "_kind", field + "_kind: expected team_folder, team, agent, module_folder, "
                    + "module, resource_folder or resource");
        }
        if (ref == null || ref.isBlank()) {
            throw ApiException.badRequest(field, field + ": name the " + kind.label() + " (folders by path)");
        }
        return switch (kind) {
            case TEAM_FOLDER -> TrustNode.teamFolder(folderId(tenant, FolderKind.TEAM, ref, field));
            case MODULE_FOLDER -> TrustNode.moduleFolder(folderId(tenant, FolderKind.MODULE, ref, field));
            case RESOURCE_FOLDER -> TrustNode.resourceFolder(folderId(tenant, FolderKind.RESOURCE, ref, field));
            case TEAM -> TrustNode.team(teams.all(tenant).stream().filter(t -> t.name().equals(ref)).findFirst()
                    .orElseThrow(() -> ApiException.notFound("no team named '" + ref + "' in this tenant; see 'steward teams list'"))
                    .id());
            case AGENT -> TrustNode.agent(agents.activeByName(tenant, ref).id());
            case MODULE -> {
                modules.latest(tenant, ref);
                yield TrustNode.module(ref);
            }
            case RESOURCE -> TrustNode.resource(resources.byName(tenant, ref).orElseThrow(() -> ApiException.notFound(
                    "no resource named '" + ref + "' in this tenant; see 'steward resources list'")).id());
        };
    }

    private String folderId(String tenant, FolderKind kind, String path, String field) {
        String id = folders.idOf(tenant, kind, path);
        if (id == null) {
            throw ApiException.badRequest(field, field + ": the root folder holds no trusts; name a folder below it");
        }
        return id;
    }

    private static TrustView view(TrustEntry entry, TrustSnapshot names) {
        return new TrustView(entry.holder().kind().wireName(), names.name(entry.holder()), entry.target().kind().wireName(),
                names.name(entry.target()));
    }

    private static SideView side(TrustDecision.Direction direction, TrustSnapshot names) {
        List<String> searched = new ArrayList<>();
        direction.searched().forEach(n -> searched.add(n.kind().label() + " " + names.name(n)));
        if (!direction.trusted()) {
            return new SideView(false, null, null, false, null, null, searched);
        }
        return new SideView(true, names.name(direction.heldBy()), direction.heldBy().kind().wireName(), direction.inherited(),
                names.name(direction.names()), direction.names().kind().wireName(), searched);
    }
}
