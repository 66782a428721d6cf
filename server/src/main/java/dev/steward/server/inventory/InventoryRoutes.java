package dev.steward.server.inventory;

import dev.steward.server.http.ApiException;
import dev.steward.server.http.Bodies;
import dev.steward.server.identity.AdminTokenService;
import io.javalin.config.RoutesConfig;
import java.util.Arrays;
import java.util.List;

/** {@code /api/v1/inventory}. */
public final class InventoryRoutes {
    private InventoryRoutes() {
    }

    public static void register(RoutesConfig routes, AdminTokenService auth, InventoryService inventory) {
        routes.post("/api/v1/inventory/collect", ctx -> ctx.status(202).json(inventory.collect(auth.principal(ctx),
                Bodies.json(ctx, InventoryService.CollectRequest.class, 1024 * 1024))));
        routes.get("/api/v1/inventory", ctx -> ctx.json(inventory.list(auth.principal(ctx), names(ctx.queryParam("agents")))));
        routes.get("/api/v1/agents/{name}/inventory", ctx -> ctx.json(inventory.show(auth.principal(ctx), ctx.pathParam("name"))));
    }

    private static List<String> names(String agents) {
        if (agents == null || agents.isBlank()) {
            throw ApiException.badRequest("agents", "agents: a comma-separated list of agent names, e.g. ?agents=web-01,web-02");
        }
        return Arrays.stream(agents.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
