package dev.steward.server.trust;

import dev.steward.server.http.Bodies;
import dev.steward.server.identity.AdminTokenService;
import io.javalin.config.RoutesConfig;

/** {@code /api/v1/trusts}, {@code /api/v1/trusts/explain}, {@code /api/v1/trusts/security}. */
public final class TrustRoutes {
    private TrustRoutes() {
    }

    record SecurityRequest(String trustsSecurity) {
    }

    public static void register(RoutesConfig routes, AdminTokenService auth, TrustService trusts) {
        routes.get("/api/v1/trusts", ctx -> ctx.json(trusts.list(auth.principal(ctx))));
        routes.post("/api/v1/trusts", ctx -> ctx.status(201).json(trusts.add(auth.principal(ctx),
                Bodies.json(ctx, TrustService.TrustRequest.class, 16 * 1024))));
        routes.post("/api/v1/trusts/remove", ctx -> {
            trusts.remove(auth.principal(ctx), Bodies.json(ctx, TrustService.TrustRequest.class, 16 * 1024));
            ctx.status(204);
        });
        routes.get("/api/v1/trusts/explain", ctx -> ctx.json(trusts.explain(auth.principal(ctx), ctx.queryParam("agent"),
                ctx.queryParam("module"), ctx.queryParam("resource"))));
        routes.get("/api/v1/trusts/security", ctx -> ctx.json(trusts.security(auth.principal(ctx))));
        routes.post("/api/v1/trusts/security", ctx -> ctx.json(trusts.setSecurity(auth.principal(ctx),
                Bodies.json(ctx, SecurityRequest.class, 4096).trustsSecurity())));
    }
}
