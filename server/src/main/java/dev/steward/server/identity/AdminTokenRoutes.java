package dev.steward.server.identity;

import dev.steward.server.http.Bodies;
import io.javalin.config.RoutesConfig;

/** {@code POST /api/v1/admin-tokens {"name", "role"}}: a new token for the caller's tenant, shown once. */
public final class AdminTokenRoutes {
    private AdminTokenRoutes() {
    }

    record CreateRequest(String name, String role) {
    }

    public static void register(RoutesConfig routes, AdminTokenService tokens) {
        routes.post("/api/v1/admin-tokens", ctx -> {
            CreateRequest body = Bodies.json(ctx, CreateRequest.class, 4096);
            ctx.status(201).json(tokens.create(tokens.principal(ctx), body.name(), body.role()));
        });
        routes.get("/api/v1/admin-tokens", ctx -> ctx.json(tokens.list(tokens.principal(ctx))));
        routes.post("/api/v1/admin-tokens/{id}/revoke", ctx -> ctx.json(tokens.revoke(tokens.principal(ctx), ctx.pathParam("id"))));
    }
}
