package dev.steward.server.enrollment;

import dev.steward.protocol.DurationText;
import dev.steward.server.http.ApiException;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import dev.steward.server.identity.Secrets;
import dev.steward.server.tenancy.Tenant;
import dev.steward.server.tenancy.TenantService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Admin-facing: create, list and revoke enrollment tokens. */
public final class EnrollTokenService {
    public static final String TOKEN_PREFIX = "stw_enroll_";
    static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);
    static final Duration MAX_LIFETIME = Duration.ofDays(365);

    private final EnrollTokenStore store;
    private final TenantService tenants;
    private final Clock clock;

    public EnrollTokenService(EnrollTokenStore store, TenantService tenants, Clock clock) {
        this.store = store;
        this.tenants = tenants;
        this.clock = clock;
    }

    public record CreateRequest(String expires, String tenant) {
    }

    /** The plaintext token, shown once. */
    public record CreatedToken(String id, String token, String tenant, Instant expiresAt) {
    }

    public record TokenView(String id, String tenant, String status, Instant createdAt, Instant expiresAt,
            int enrollCount) {
    }

    public CreatedToken create(Principal caller, CreateRequest request) {
        caller.require(Permission.MANAGE_ENROLLMENT);
        Tenant tenant = tenants.resolveTarget(caller, request.tenant());
        Duration lifetime = lifetime(request.expires());
        String token = Secrets.newToken(TOKEN_PREFIX);
        Instant now = clock.instant();
        EnrollToken stored = new EnrollToken(UUID.randomUUID().toString(), tenant.id(), now, now.plus(lifetime), null, 0);
        store.insert(stored, Secrets.hash(token), caller.tokenId());
        return new CreatedToken(stored.id(), token, tenant.name(), stored.expiresAt());
    }

    /** Tokens of the caller's tenant, or of a customer tenant the provider names. */
    public List<TokenView> list(Principal caller, String tenantName) {
        caller.require(Permission.MANAGE_ENROLLMENT);
        Tenant tenant = tenants.resolveTarget(caller, tenantName);
        Instant now = clock.instant();
        return store.list(tenant.id()).stream()
                .map(t -> new TokenView(t.id(), tenant.name(), t.status(now), t.createdAt(), t.expiresAt(), t.enrollCount()))
                .toList();
    }

    public void revoke(Principal caller, String id, String tenantName) {
        caller.require(Permission.MANAGE_ENROLLMENT);
        Tenant tenant = tenants.resolveTarget(caller, tenantName);
        if (!store.revoke(tenant.id(), id, clock.instant())) {
            throw ApiException.notFound("no active enrollment token with id '" + id + "' in tenant " + tenant.name()
                    + "; see 'steward enroll-tokens list'");
        }
    }

    private static Duration lifetime(String expires) {
        if (expires == null || expires.isBlank()) {
            return DEFAULT_LIFETIME;
        }
        Duration lifetime;
        try {
            lifetime = DurationText.parse(expires);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("expires", "'expires': " + e.getMessage());
        }
        if (lifetime.isZero() || lifetime.isNegative() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw ApiException.badRequest("expires", "'expires' must be between 1s and 365d, got '" + expires + "'");
        }
        return lifetime;
    }
}
