package dev.steward.server.tenancy;

import dev.steward.server.identity.AdminTokenService;
import dev.steward.server.identity.Role;
import dev.steward.server.store.SecretFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

/**
 * First start of an installation: create the provider tenant and its initial admin, whose token goes
 * to {@code DIR/initial-admin-token} (mode 0600) and nowhere else — never to a log.
 */
public final class ProviderBootstrap {
    public static final String TOKEN_FILE = "initial-admin-token";

    private ProviderBootstrap() {
    }

    /** Returns true when this call created the provider (i.e. this was the first start). */
    public static boolean ensure(TenantStore tenants, AdminTokenService tokens, Path dataDir, Clock clock) {
        if (tenants.findProvider().isPresent()) {
            return false;
        }
        Tenant provider = new Tenant(UUID.randomUUID().toString(), TenantService.PROVIDER_TENANT_NAME, true,
                clock.instant());
        tenants.insert(provider);
        String token = tokens.issue(provider.id(), "initial admin", Role.PROVIDER_ADMIN);
        SecretFiles.write(dataDir.resolve(TOKEN_FILE), token + "\n");
        return true;
    }
}
