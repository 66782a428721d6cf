package dev.steward.server.identity;

import dev.steward.server.http.ApiException;
import java.util.Objects;

/**
 * An authenticated administrator acting within exactly one tenant. Every admin-facing service method
 * takes one and scopes every query by {@link #tenantId()}; that is what keeps tenants apart.
 */
public record Principal(String tokenId, String tenantId, Role role) {
    public Principal {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(role, "role");
    }

    /** The first line of every service method: refuse unless the role grants the permission. */
    public void require(Permission permission) {
        if (!role.allows(permission)) {
            throw ApiException.forbidden("your role " + role.name().toLowerCase(java.util.Locale.ROOT)
                    + " does not allow " + permission.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
    }
}
