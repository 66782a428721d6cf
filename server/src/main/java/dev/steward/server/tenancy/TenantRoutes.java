package dev.steward.server.tenancy;

import dev.steward.server.http.Bodies;
import dev.steward.server.identity.AdminTokenService;
import io.javalin.config.RoutesConfig;

/** {@code /api/v1/tenants} (provider admins only). */
public final class TenantRoutes {
    private TenantRoutes() {
    }

    public record CreateRequest(String name) {
    }

    public static void register(RoutesConfig routes, AdminTokenService auth, TenantService tenants) {
        routes.post("/api/v1/tenants", ctx -> ctx.status(201).json(tenants.create(auth.principal(ctx),
                Bodies.json(ctx, CreateRequest.class, 4096).name())));
        routes.get("/api/v1/tenants", ctx -> ctx.json(tenants.list(auth.principal(ctx))));
    }
}
