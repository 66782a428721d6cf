package dev.steward.server.tenancy;

import dev.steward.server.http.ApiException;
import dev.steward.server.http.Names;
import dev.steward.server.identity.AdminTokenService;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import dev.steward.server.identity.Role;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Tenants are created by the provider's admins; each new tenant gets its own first admin token. */
public final class TenantService {
    public static final String PROVIDER_TENANT_NAME = "provider";

    private final TenantStore store;
    private final AdminTokenService tokens;
    private final Clock clock;

    public TenantService(TenantStore store, AdminTokenService tokens, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A new tenant and the plaintext admin token for it, shown once. */
    public record CreatedTenant(String id, String name, String adminToken) {
    }

    public CreatedTenant create(Principal caller, String name) {
        caller.require(Permission.MANAGE_TENANTS);
        Names.require("name", name);
        if (store.findByName(name).isPresent()) {
            throw ApiException.conflict("a tenant named '" + name + "' already exists");
        }
        Tenant tenant = new Tenant(UUID.randomUUID().toString(), name, false, clock.instant());
        store.insert(tenant);
        String token = tokens.issue(tenant.id(), "initial admin of " + name, Role.TENANT_ADMIN);
        return new CreatedTenant(tenant.id(), tenant.name(), token);
    }

    public List<Tenant> list(Principal caller) {
        caller.require(Permission.MANAGE_TENANTS);
        return store.list();
    }

    /**
     * The tenant a caller acts in when it names one: its own by default; another only for the provider,
     * which serves its customers' networks.
     */
    public Tenant resolveTarget(Principal caller, String tenantName) {
        Tenant own = store.findById(caller.tenantId()).orElseThrow();
        if (tenantName == null || tenantName.isBlank() || tenantName.equals(own.name())) {
            return own;
        }
        // Permission first: a tenant admin must not learn which other tenant names exist.
        caller.require(Permission.MANAGE_TENANTS);
        return store.findByName(tenantName)
                .orElseThrow(() -> ApiException.notFound("no tenant named '" + tenantName + "'; see 'steward tenants list'"));
    }

    /** The tenant's Trusts Security setting as stored (disabled, configure-only, enabled); for trusts. */
    public String trustsSecurity(String tenantId) {
        return store.trustsSecurity(tenantId);
    }

    /** Trusts Security and the tenant's trust version, in one read: what the trust gate checks per admission. */
    public TrustState trustState(String tenantId) {
        return store.trustState(tenantId);
    }

    /** Changing it is a tenant-wide decision: the caller's role must allow managing the tenant's tokens and settings. */
    public void setTrustsSecurity(Principal caller, String value) {
        caller.require(dev.steward.server.identity.Permission.MANAGE_TOKENS);
        store.setTrustsSecurity(caller.tenantId(), value);
    }
}
