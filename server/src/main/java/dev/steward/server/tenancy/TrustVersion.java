package dev.steward.server.tenancy;

import org.jdbi.v3.core.Handle;

/**
 * The tenant's trust version ({@code tenants.trust_version}): a counter that every write to what trust
 * decisions are read from bumps in its own transaction (folders, teams' names and folders, module and
 * resource placements, trusts, Trusts Security). A trust snapshot cached under version N is current as long
 * as the tenant still reads N, on every server node sharing the datastore.
 *
 * <p>The one piece of the tenants table written from other capabilities' stores, through this class only,
 * so that the bump commits or rolls back with the change it announces. Bump as the last statement of the
 * transaction: the tenant row stays locked only until the commit, and every writer locks it last.
 */
public final class TrustVersion {
    private TrustVersion() {
    }

    /** Within the caller's transaction: whatever trusts are decided on changed for this tenant. */
    public static void bump(Handle handle, String tenantId) {
        handle.createUpdate("UPDATE tenants SET trust_version = trust_version + 1 WHERE id = :tenant")
                .bind("tenant", tenantId).execute();
    }
}
