package dev.steward.server.resource;

import dev.steward.server.http.ApiException;
import dev.steward.server.http.Bodies;
import dev.steward.server.identity.AdminTokenService;
import io.javalin.config.RoutesConfig;
import java.util.Locale;

/** {@code /api/v1/resources}: an upload's body is the file itself ({@code application/octet-stream}). */
public final class ResourceRoutes {
    private ResourceRoutes() {
    }

    record MoveRequest(String folder) {
    }

    public static void register(RoutesConfig routes, AdminTokenService auth, ResourceService resources) {
        routes.post("/api/v1/resources", ctx -> {
            var caller = auth.principal(ctx);
            String type = ctx.contentType() == null ? "" : ctx.contentType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!type.equals("application/octet-stream")) {
                throw new ApiException(415, "Content-Type must be application/octet-stream, got '"
                        + (ctx.contentType() == null ? "none" : ctx.contentType()) + "'", null);
            }
            ctx.status(201).json(resources.upload(caller, ctx.queryParam("name"), ctx.queryParam("folder"),
                    ctx.contentLength(), () -> ctx.req().getInputStream()));
        });
        routes.get("/api/v1/resources", ctx -> ctx.json(resources.list(auth.principal(ctx))));
        routes.get("/api/v1/resources/{name}", ctx -> ctx.json(resources.show(auth.principal(ctx), ctx.pathParam("name"))));
        routes.get("/api/v1/resources/{name}/content", ctx -> {
            var content = resources.content(auth.principal(ctx), ctx.pathParam("name"));
            ctx.contentType("application/octet-stream").result(content);
        });
        routes.post("/api/v1/resources/{name}/move", ctx -> ctx.json(resources.move(auth.principal(ctx),
                ctx.pathParam("name"), Bodies.json(ctx, MoveRequest.class, 4096).folder())));
        routes.delete("/api/v1/resources/{name}", ctx -> {
            resources.delete(auth.principal(ctx), ctx.pathParam("name"));
            ctx.status(204);
        });
    }
}
