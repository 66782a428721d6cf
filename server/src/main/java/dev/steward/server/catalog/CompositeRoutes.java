package dev.steward.server.catalog;

import dev.steward.server.http.Bodies;
import dev.steward.server.identity.AdminTokenService;
import io.javalin.config.RoutesConfig;

/** {@code /api/v1/projects} and {@code /api/v1/runbooks}: a POST's body is the YAML file. */
public final class CompositeRoutes {
    private static final int MAX_FILE_BYTES = 1024 * 1024;

    private CompositeRoutes() {
    }

    record MoveRequest(String folder) {
    }

    public static void register(RoutesConfig routes, AdminTokenService auth, CompositeService composites) {
        for (CompositeKind kind : CompositeKind.values()) {
            String base = "/api/v1/" + kind.table;
            routes.post(base, ctx -> {
                String yaml = Bodies.text(ctx, MAX_FILE_BYTES, "application/yaml", "application/x-yaml", "text/yaml");
                var caller = auth.principal(ctx);
                ctx.status(201).json(kind == CompositeKind.PROJECT
                        ? composites.applyProject(caller, yaml, ctx.queryParam("folder"))
                        : composites.applyRunbook(caller, yaml, ctx.queryParam("folder")));
            });
            routes.get(base, ctx -> ctx.json(composites.list(auth.principal(ctx), kind)));
            routes.get(base + "/{name}", ctx -> ctx.json(composites.show(auth.principal(ctx), kind, ctx.pathParam("name"))));
            routes.post(base + "/{name}/move", ctx -> ctx.json(composites.move(auth.principal(ctx), kind,
                    ctx.pathParam("name"), Bodies.json(ctx, MoveRequest.class, 4096).folder())));
            routes.delete(base + "/{name}", ctx -> {
                composites.delete(auth.principal(ctx), kind, ctx.pathParam("name"));
                ctx.status(204);
            });
        }
    }
}
