package dev.steward.server.trust;

import dev.steward.server.http.ApiException;
import dev.steward.server.http.Printable;

/**
 * The tenant-wide "Trusts Security" setting. {@code disabled} (the default): trusts are not applied and
 * only full-access admins may configure them; {@code configure-only}: roles with the trusts permission
 * may configure them, still not applied; {@code enabled}: applied at every execution.
 */
public enum TrustsSecurity {
    DISABLED("disabled"), CONFIGURE_ONLY("configure-only"), ENABLED("enabled");

    private final String wire;

    TrustsSecurity(String wire) {
        this.wire = wire;
    }

    public String wireName() {
        return wire;
    }

    public static TrustsSecurity parse(String text) {
        for (TrustsSecurity value : values()) {
            if (value.wire.equals(text)) {
                return value;
            }
        }
        throw ApiException.badRequest("trusts_security", "trusts_security: expected disabled, configure-only or enabled, got '"
                + Printable.clip(String.valueOf(text), 40) + "'");
    }
}
