package dev.steward.server.block;

import dev.steward.server.http.Bodies;
import dev.steward.server.identity.AdminTokenService;
import io.javalin.config.RoutesConfig;

/** {@code GET /api/v1/blocks?folder=…} exports (YAML); {@code POST /api/v1/blocks} imports (YAML body). */
public final class BlockRoutes {
    /**
     * Resource content travels base64 inside the block (at most {@link BlockExport#MAX_EMBEDDED_BYTES}, which
     * encodes to about 86 MiB), and a block is held in memory while it is read: hence this cap.
     */
    static final int MAX_BLOCK_BYTES = 128 * 1024 * 1024;

    private BlockRoutes() {
    }

    public static void register(RoutesConfig routes, AdminTokenService auth, BlockService blocks) {
        routes.get("/api/v1/blocks", ctx -> ctx.contentType("application/yaml")
                .result(blocks.export(auth.principal(ctx), ctx.queryParams("folder"))));
        routes.post("/api/v1/blocks", ctx -> ctx.json(blocks.importBlock(auth.principal(ctx),
                Bodies.text(ctx, MAX_BLOCK_BYTES, "application/yaml", "application/x-yaml", "text/yaml"))));
    }
}
