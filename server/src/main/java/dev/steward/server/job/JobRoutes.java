package dev.steward.server.job;

import dev.steward.server.http.ApiException;
import dev.steward.server.http.Bodies;
import dev.steward.server.identity.AdminTokenService;
import io.javalin.config.RoutesConfig;

/** {@code /api/v1/jobs}. */
public final class JobRoutes {
    private JobRoutes() {
    }

    public static void register(RoutesConfig routes, AdminTokenService auth, JobService jobs) {
        // The answer counts the runs; ?runs=true also lists them (a large fan-out would otherwise answer every run).
        routes.post("/api/v1/jobs", ctx -> {
            var caller = auth.principal(ctx);
            ctx.status(201).json(jobs.run(caller, Bodies.json(ctx, JobService.RunRequest.class, 1024 * 1024),
                    flag("runs", ctx.queryParam("runs"))));
        });
        routes.get("/api/v1/jobs", ctx -> ctx.json(jobs.list(auth.principal(ctx), limit(ctx.queryParam("limit")))));
        // ?output=false leaves stdout/stderr out: what `jobs run --wait` polls for progress.
        routes.get("/api/v1/jobs/{id}", ctx -> ctx.json(jobs.show(auth.principal(ctx), ctx.pathParam("id"),
                !"false".equals(ctx.queryParam("output")))));
        routes.post("/api/v1/jobs/{id}/cancel", ctx -> ctx.json(jobs.cancel(auth.principal(ctx), ctx.pathParam("id"))));
        routes.get("/api/v1/jobs/{id}/output", ctx -> {
            var caller = auth.principal(ctx);
            String id = ctx.pathParam("id");
            follow(ctx, jobs.follow(caller, id), () -> jobs.finished(caller, id));
        });
    }

    /**
     * Streams live output as newline-delimited JSON ({@code OutputLine} per line) until the job has
     * finished (plus a moment for the last pieces), the client goes away, or an hour passes; an empty
     * line every 15 s keeps proxies from closing an idle stream.
     */
    private static void follow(io.javalin.http.Context ctx, LiveOutputHub.Subscription subscription,
            java.util.function.BooleanSupplier finished) throws Exception {
        ctx.status(200).contentType("application/x-ndjson");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.HOURS.toNanos(1);
        long lastWrite = System.nanoTime();
        long nextFinishedCheck = System.nanoTime();
        long endAt = Long.MAX_VALUE;
        try (subscription; var out = ctx.res().getOutputStream()) {
            out.flush();
            while (System.nanoTime() < Math.min(deadline, endAt)) {
                if (endAt == Long.MAX_VALUE && System.nanoTime() >= nextFinishedCheck) {
                    nextFinishedCheck = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
                    if (finished.getAsBoolean()) {
                        endAt = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
                    }
                }
                OutputLine line = subscription.next(1000);
                if (line != null) {
                    out.write(dev.steward.protocol.Wire.json().writeValueAsBytes(line));
                    out.write('\n');
                    out.flush();
                    lastWrite = System.nanoTime();
                } else if (System.nanoTime() - lastWrite > java.util.concurrent.TimeUnit.SECONDS.toNanos(15)) {
                    out.write('\n');
                    out.flush();
                    lastWrite = System.nanoTime();
                }
            }
        } catch (java.io.IOException clientGone) {
            // The follower disconnected: nothing to do.
        }
    }

    private static boolean flag(String name, String text) {
        if (text == null || text.equals("false")) {
            return false;
        }
        if (text.equals("true")) {
            return true;
        }
        throw ApiException.badRequest(name, "'" + name + "' must be true or false, got '" + text + "'");
    }

    private static int limit(String text) {
        if (text == null) {
            return 50;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit", "'limit' must be a whole number, got '" + text + "'");
        }
    }
}
