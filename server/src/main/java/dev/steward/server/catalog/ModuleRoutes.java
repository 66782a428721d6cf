package dev.steward.server.catalog;

import dev.steward.server.http.Bodies;
import dev.steward.server.identity.AdminTokenService;
import io.javalin.config.RoutesConfig;

/** {@code /api/v1/modules}: the body of a POST is the module file itself (YAML). */
public final class ModuleRoutes {
    private static final int MAX_MODULE_FILE_BYTES = 1024 * 1024;

    private ModuleRoutes() {
    }

    record MoveRequest(String folder) {
    }

    public static void register(RoutesConfig routes, AdminTokenService auth, ModuleService modules) {
        routes.post("/api/v1/modules", ctx -> ctx.status(201).json(modules.apply(auth.principal(ctx),
                Bodies.text(ctx, MAX_MODULE_FILE_BYTES, "application/yaml", "application/x-yaml", "text/yaml"),
                ctx.queryParam("folder"))));
        routes.post("/api/v1/modules/{name}/move", ctx -> ctx.json(modules.move(auth.principal(ctx), ctx.pathParam("name"),
                Bodies.json(ctx, MoveRequest.class, 4096).folder())));
        routes.get("/api/v1/modules", ctx -> ctx.json(modules.list(auth.principal(ctx))));
        routes.get("/api/v1/modules/{name}", ctx -> ctx.json(modules.show(auth.principal(ctx), ctx.pathParam("name"))));
    }
}
