package dev.steward.server.schedule;

import dev.steward.server.http.Bodies;
import dev.steward.server.identity.AdminTokenService;
import io.javalin.config.RoutesConfig;

/** {@code /api/v1/schedules}. */
public final class ScheduleRoutes {
    private ScheduleRoutes() {
    }

    public static void register(RoutesConfig routes, AdminTokenService auth, ScheduleService schedules) {
        routes.post("/api/v1/schedules", ctx -> ctx.status(201).json(schedules.create(auth.principal(ctx),
                Bodies.json(ctx, ScheduleService.CreateRequest.class, 1024 * 1024))));
        routes.get("/api/v1/schedules", ctx -> ctx.json(schedules.list(auth.principal(ctx))));
        routes.get("/api/v1/schedules/{name}", ctx -> ctx.json(schedules.show(auth.principal(ctx), ctx.pathParam("name"))));
        routes.post("/api/v1/schedules/{name}/pause", ctx -> ctx.json(schedules.pause(auth.principal(ctx), ctx.pathParam("name"))));
        routes.post("/api/v1/schedules/{name}/resume", ctx -> ctx.json(schedules.resume(auth.principal(ctx), ctx.pathParam("name"))));
        routes.delete("/api/v1/schedules/{name}", ctx -> {
            schedules.delete(auth.principal(ctx), ctx.pathParam("name"));
            ctx.status(204);
        });
    }
}
