package dev.steward.server.retention;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.server.http.ApiException;
import dev.steward.server.http.Printable;
import dev.steward.server.identity.Permission;
import dev.steward.server.identity.Principal;
import dev.steward.server.tenancy.Tenant;
import dev.steward.server.tenancy.TenantService;
import java.time.Clock;
import java.time.Instant;

/**
 * How long a tenant keeps finished jobs, their runs and task output: its own setting, else
 * {@link #DEFAULT_DAYS}. Showing it is for every role; changing it is a tenant-wide decision, so it needs
 * the permission that also guards Trusts Security and tokens. A provider admin may name a customer tenant.
 */
public final class RetentionService {
    public static final int DEFAULT_DAYS = 30;
    static final int MIN_DAYS = 1;
    static final int MAX_DAYS = 3650;

    private final RetentionStore store;
    private final TenantService tenants;
    private final Clock clock;

    public RetentionService(RetentionStore store, TenantService tenants, Clock clock) {
        this.store = store;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** {@code source}: "tenant" when the tenant set it, "default" otherwise. */
    public record RetentionView(String tenant, int days, String source, int defaultDays, Instant updatedAt) {
    }

    /** The body of {@code PUT /api/v1/retention}; read as JSON so that "30", 2.5 or null get a clear answer. */
    public record SetRequest(JsonNode days) {
    }

    public RetentionView show(Principal caller, String tenantName) {
        caller.require(Permission.VIEW);
        Tenant tenant = tenants.resolveTarget(caller, tenantName);
        return view(tenant);
    }

    public RetentionView set(Principal caller, String tenantName, SetRequest request) {
        caller.require(Permission.MANAGE_TOKENS);
        Tenant tenant = tenants.resolveTarget(caller, tenantName);
        int days = days(request.days());
        store.set(tenant.id(), days, caller.tokenId(), clock.instant());
        return view(tenant);
    }

    private RetentionView view(Tenant tenant) {
        return store.setting(tenant.id())
                .map(s -> new RetentionView(tenant.name(), s.days(), "tenant", DEFAULT_DAYS, s.updatedAt()))
                .orElse(new RetentionView(tenant.name(), DEFAULT_DAYS, "default", DEFAULT_DAYS, null));
    }

    static int days(JsonNode days) {
        String expected = "a whole number of days from " + MIN_DAYS + " to " + MAX_DAYS + ", e.g. {\"days\": 90}";
        if (days == null || days.isNull() || days.isMissingNode()) {
            throw ApiException.badRequest("days", "days: missing; send " + expected);
        }
        if (!days.isIntegralNumber()) {
            throw ApiException.badRequest("days", "days: expected " + expected + ", got " + Printable.clip(days.toString(), 40));
        }
        if (!days.canConvertToInt() || days.intValue() < MIN_DAYS || days.intValue() > MAX_DAYS) {
            throw ApiException.badRequest("days", "days: " + Printable.clip(days.asText(), 40) + " is out of range; expected "
                    + expected);
        }
        return days.intValue();
    }
}
