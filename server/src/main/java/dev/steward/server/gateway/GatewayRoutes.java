package dev.steward.server.gateway;

import dev.steward.protocol.AgentBatch;
import dev.steward.protocol.AgentPaths;
import dev.steward.protocol.EnrollRequest;
import dev.steward.protocol.ProtocolLimits;
import dev.steward.server.enrollment.EnrollmentService;
import dev.steward.server.fleet.AgentRecord;
import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.http.Bodies;
import io.javalin.config.RoutesConfig;

/** The agent endpoints. Identity comes from the TLS client certificate, before the body is even read. */
public final class GatewayRoutes {
    private static final int MAX_ENROLL_BYTES = 64 * 1024;

    private GatewayRoutes() {
    }

    public static void register(RoutesConfig routes, EnrollmentService enrollment, AgentRegistry registry,
            AgentGateway gateway, ResourceDownloads downloads) {
        routes.post(AgentPaths.ENROLL, ctx -> ctx.status(201).json(
                enrollment.enroll(Bodies.json(ctx, EnrollRequest.class, MAX_ENROLL_BYTES))));
        routes.post(AgentPaths.EXCHANGE, ctx -> {
            AgentRecord agent = registry.identify(ClientCertificates.require(ctx));
            AgentBatch batch = Bodies.json(ctx, AgentBatch.class, ProtocolLimits.MAX_AGENT_REQUEST_BYTES);
            ctx.json(gateway.exchange(agent, batch));
        });
        routes.get(AgentPaths.RESOURCES + "/{sha256}", ctx -> {
            AgentRecord agent = registry.identify(ClientCertificates.require(ctx));
            downloads.serve(ctx, agent, ctx.pathParam("sha256"), ctx.queryParam("run"));
        });
    }
}
