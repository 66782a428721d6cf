package dev.steward.server.folder;

import dev.steward.server.http.Bodies;
import dev.steward.server.identity.AdminTokenService;
import io.javalin.config.RoutesConfig;

/** {@code /api/v1/folders}: the three folder trees. */
public final class FolderRoutes {
    private FolderRoutes() {
    }

    record CreateRequest(String kind, String path, Boolean parents) {
    }

    record MoveRequest(String kind, String path, String to) {
    }

    record RenameRequest(String kind, String path, String name) {
    }

    public static void register(RoutesConfig routes, AdminTokenService auth, FolderService folders) {
        routes.post("/api/v1/folders", ctx -> {
            CreateRequest body = Bodies.json(ctx, CreateRequest.class, 64 * 1024);
            ctx.status(201).json(folders.create(auth.principal(ctx), FolderKind.parse("kind", body.kind()), body.path(),
                    Boolean.TRUE.equals(body.parents())));
        });
        routes.get("/api/v1/folders", ctx -> ctx.json(folders.list(auth.principal(ctx),
                FolderKind.parse("kind", ctx.queryParam("kind")))));
        routes.post("/api/v1/folders/move", ctx -> {
            MoveRequest body = Bodies.json(ctx, MoveRequest.class, 64 * 1024);
            ctx.json(folders.move(auth.principal(ctx), FolderKind.parse("kind", body.kind()), body.path(), body.to()));
        });
        routes.post("/api/v1/folders/rename", ctx -> {
            RenameRequest body = Bodies.json(ctx, RenameRequest.class, 64 * 1024);
            ctx.json(folders.rename(auth.principal(ctx), FolderKind.parse("kind", body.kind()), body.path(), body.name()));
        });
        routes.delete("/api/v1/folders", ctx -> {
            folders.delete(auth.principal(ctx), FolderKind.parse("kind", ctx.queryParam("kind")), ctx.queryParam("path"));
            ctx.status(204);
        });
    }
}
