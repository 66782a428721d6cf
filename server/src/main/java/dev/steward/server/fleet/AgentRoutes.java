package dev.steward.server.fleet;

import dev.steward.server.http.Bodies;
import dev.steward.server.identity.AdminTokenService;
import io.javalin.config.RoutesConfig;

/** {@code /api/v1/agents}: parse, call {@link AgentService}, render. */
public final class AgentRoutes {
    private AgentRoutes() {
    }

    /** {@code {"settings": {"mode": "push", "poll_interval": ""}}}: an empty value unsets the key. */
    public record SettingsRequest(java.util.Map<String, String> settings) {
        java.util.Map<String, String> settingsOrEmpty() {
            return settings == null ? java.util.Map.of() : settings;
        }
    }

    /** {@code {"set": {"env": "prod"}, "remove": ["rack"]}}. */
    public record LabelRequest(java.util.Map<String, String> set, java.util.List<String> remove) {
    }

    public static void register(RoutesConfig routes, AdminTokenService auth, AgentService agents) {
        routes.get("/api/v1/agents", ctx -> ctx.json(agents.list(auth.principal(ctx))));
        routes.get("/api/v1/agents/{name}", ctx ->
                ctx.json(agents.show(auth.principal(ctx), ctx.pathParam("name"))));
        routes.get("/api/v1/agent-defaults", ctx -> ctx.json(agents.defaults(auth.principal(ctx))));
        routes.post("/api/v1/agent-defaults", ctx -> ctx.json(agents.setDefaults(auth.principal(ctx),
                Bodies.json(ctx, SettingsRequest.class, 4096).settingsOrEmpty())));
        routes.post("/api/v1/agents/{name}/settings", ctx -> ctx.json(agents.set(auth.principal(ctx),
                ctx.pathParam("name"), Bodies.json(ctx, SettingsRequest.class, 4096).settingsOrEmpty())));
        routes.post("/api/v1/agents/{name}/labels", ctx -> {
            LabelRequest body = Bodies.json(ctx, LabelRequest.class, 16 * 1024);
            ctx.json(agents.label(auth.principal(ctx), ctx.pathParam("name"), body.set(), body.remove()));
        });
        routes.post("/api/v1/agents/{name}/disconnect", ctx ->
                ctx.json(agents.disconnect(auth.principal(ctx), ctx.pathParam("name"))));
        routes.post("/api/v1/agents/{name}/revoke", ctx ->
                ctx.json(agents.revoke(auth.principal(ctx), ctx.pathParam("name"))));
    }
}
