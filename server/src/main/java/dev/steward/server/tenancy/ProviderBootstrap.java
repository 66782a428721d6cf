package dev.steward.server.tenancy;

import dev.steward.server.identity.AdminTokenService;
import dev.steward.server.identity.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
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
        writeSecret(dataDir.resolve(TOKEN_FILE), token + "\n");
        return true;
    }

    /** Creates the file with mode 0600 before any byte is written, so the secret is never world-readable. */
    public static void writeSecret(Path file, String content) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
