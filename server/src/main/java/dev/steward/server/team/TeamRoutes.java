package dev.steward.server.team;

import dev.steward.server.http.Bodies;
import dev.steward.server.identity.AdminTokenService;
import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/teams}. */
public final class TeamRoutes {
    private static final int MAX_BODY = 1024 * 1024;

    private TeamRoutes() {
    }

    record AgentsRequest(List<String> agents) {
    }

    record RulesRequest(List<String> rules) {
    }

    record SettingsRequest(Map<String, String> settings) {
    }

    record MoveRequest(String folder) {
    }

    record RenameRequest(String name) {
    }

    public static void register(RoutesConfig routes, AdminTokenService auth, TeamService teams) {
        routes.post("/api/v1/teams", ctx -> ctx.status(201).json(teams.create(auth.principal(ctx),
                Bodies.json(ctx, TeamService.CreateRequest.class, MAX_BODY))));
        routes.get("/api/v1/teams", ctx -> ctx.json(teams.list(auth.principal(ctx))));
        routes.get("/api/v1/teams/{name}", ctx -> ctx.json(teams.show(auth.principal(ctx), ctx.pathParam("name"))));
        routes.post("/api/v1/teams/{name}/members/add", ctx -> ctx.json(teams.addMembers(auth.principal(ctx),
                ctx.pathParam("name"), Bodies.json(ctx, AgentsRequest.class, MAX_BODY).agents())));
        routes.post("/api/v1/teams/{name}/members/remove", ctx -> ctx.json(teams.removeMembers(auth.principal(ctx),
                ctx.pathParam("name"), Bodies.json(ctx, AgentsRequest.class, MAX_BODY).agents())));
        routes.post("/api/v1/teams/{name}/primary", ctx -> ctx.json(teams.setPrimary(auth.principal(ctx),
                ctx.pathParam("name"), Bodies.json(ctx, AgentsRequest.class, MAX_BODY).agents())));
        routes.post("/api/v1/primary-team/clear", ctx -> {
            teams.clearPrimary(auth.principal(ctx), Bodies.json(ctx, AgentsRequest.class, MAX_BODY).agents());
            ctx.status(204);
        });
        routes.post("/api/v1/teams/{name}/rules", ctx -> ctx.json(teams.setRules(auth.principal(ctx),
                ctx.pathParam("name"), Bodies.json(ctx, RulesRequest.class, MAX_BODY).rules())));
        routes.post("/api/v1/teams/{name}/settings", ctx -> {
            Map<String, String> settings = Bodies.json(ctx, SettingsRequest.class, 4096).settings();
            ctx.json(teams.setSettings(auth.principal(ctx), ctx.pathParam("name"), settings == null ? Map.of() : settings));
        });
        routes.post("/api/v1/teams/{name}/move", ctx -> ctx.json(teams.move(auth.principal(ctx), ctx.pathParam("name"),
                Bodies.json(ctx, MoveRequest.class, 4096).folder())));
        routes.post("/api/v1/teams/{name}/rename", ctx -> ctx.json(teams.rename(auth.principal(ctx), ctx.pathParam("name"),
                Bodies.json(ctx, RenameRequest.class, 4096).name())));
        routes.delete("/api/v1/teams/{name}", ctx -> {
            teams.delete(auth.principal(ctx), ctx.pathParam("name"));
            ctx.status(204);
        });
    }
}
