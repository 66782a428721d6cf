package dev.steward.server.identity;

import java.util.EnumSet;
import java.util.Set;

/**
 * Built-in administrative roles. A provider admin manages tenants (the service provider's customers)
 * and everything in its own tenant; a tenant admin manages everything inside its tenant and nothing else.
 */
public enum Role {
    PROVIDER_ADMIN(EnumSet.allOf(Permission.class)),
    TENANT_ADMIN(EnumSet.complementOf(EnumSet.of(Permission.MANAGE_TENANTS)));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }
}
