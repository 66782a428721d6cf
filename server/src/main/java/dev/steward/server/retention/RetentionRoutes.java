package dev.steward.server.retention;

import dev.steward.server.http.Bodies;
import dev.steward.server.identity.AdminTokenService;
import io.javalin.config.RoutesConfig;

/** {@code /api/v1/retention} ({@code ?tenant=NAME} for a provider admin acting on a customer). */
public final class RetentionRoutes {
    private RetentionRoutes() {
    }

    public static void register(RoutesConfig routes, AdminTokenService auth, RetentionService retention) {
        routes.get("/api/v1/retention", ctx -> ctx.json(retention.show(auth.principal(ctx), ctx.queryParam("tenant"))));
        routes.put("/api/v1/retention", ctx -> ctx.json(retention.set(auth.principal(ctx), ctx.queryParam("tenant"),
                Bodies.json(ctx, RetentionService.SetRequest.class, 4096))));
    }
}
