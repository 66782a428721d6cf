package dev.steward.server.fleet;

import dev.steward.server.identity.AdminTokenService;
import io.javalin.config.RoutesConfig;

/** {@code /api/v1/agents}: parse, call {@link AgentService}, render. */
public final class AgentRoutes {
    private AgentRoutes() {
    }

    public static void register(RoutesConfig routes, AdminTokenService auth, AgentService agents) {
        routes.get("/api/v1/agents", ctx -> ctx.json(agents.list(auth.principal(ctx))));
        routes.get("/api/v1/agents/{name}", ctx ->
                ctx.json(agents.show(auth.principal(ctx), ctx.pathParam("name"))));
        routes.post("/api/v1/agents/{name}/disconnect", ctx ->
                ctx.json(agents.disconnect(auth.principal(ctx), ctx.pathParam("name"))));
        routes.post("/api/v1/agents/{name}/revoke", ctx ->
                ctx.json(agents.revoke(auth.principal(ctx), ctx.pathParam("name"))));
    }
}
