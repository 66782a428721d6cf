package dev.steward.server.identity;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Built-in administrative roles. A provider admin manages tenants (the service provider's customers)
 * and everything in its own tenant; a tenant admin manages everything inside its tenant and nothing else.
 */
public enum Role {
    PROVIDER_ADMIN(EnumSet.allOf(Permission.class)),
    TENANT_ADMIN(EnumSet.complementOf(EnumSet.of(Permission.MANAGE_TENANTS))),
    /** Builds and runs automation and may configure trusts, but cannot issue tokens or change tenant settings. */
    OPERATOR(EnumSet.of(Permission.MANAGE_MODULES, Permission.RUN_JOBS, Permission.CONFIGURE_TRUSTS, Permission.VIEW)),
    VIEWER(EnumSet.of(Permission.VIEW));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }

    /** "Full Access" in the source documents' sense: everything within the tenant. */
    public boolean fullAccess() {
        return this == PROVIDER_ADMIN || this == TENANT_ADMIN;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A role an admin may hand out within a tenant (never provider_admin, which only the bootstrap issues). */
    public static Role grantable(String text) {
        for (Role role : List.of(TENANT_ADMIN, OPERATOR, VIEWER)) {
            if (role.wireName().equals(text)) {
                return role;
            }
        }
        throw dev.steward.server.http.ApiException.badRequest("role", "role: expected tenant_admin, operator or viewer, got '"
                + dev.steward.server.http.Printable.clip(String.valueOf(text), 40) + "'");
    }
}
