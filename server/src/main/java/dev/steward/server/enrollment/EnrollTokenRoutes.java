package dev.steward.server.enrollment;

import dev.steward.server.http.Bodies;
import dev.steward.server.identity.AdminTokenService;
import io.javalin.config.RoutesConfig;
import java.util.Map;

/** {@code /api/v1/enroll-tokens}. */
public final class EnrollTokenRoutes {
    private EnrollTokenRoutes() {
    }

    public static void register(RoutesConfig routes, AdminTokenService auth, EnrollTokenService tokens) {
        routes.post("/api/v1/enroll-tokens", ctx -> ctx.status(201).json(tokens.create(auth.principal(ctx),
                Bodies.json(ctx, EnrollTokenService.CreateRequest.class, 4096))));
        routes.get("/api/v1/enroll-tokens", ctx -> ctx.json(tokens.list(auth.principal(ctx), ctx.queryParam("tenant"))));
        routes.post("/api/v1/enroll-tokens/{id}/revoke", ctx -> {
            tokens.revoke(auth.principal(ctx), ctx.pathParam("id"), ctx.queryParam("tenant"));
            ctx.json(Map.of("id", ctx.pathParam("id"), "status", "revoked"));
        });
    }
}
