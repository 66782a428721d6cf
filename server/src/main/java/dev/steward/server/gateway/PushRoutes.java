package dev.steward.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.protocol.AgentBatch;
import dev.steward.protocol.AgentPaths;
import dev.steward.protocol.ErrorBody;
import dev.steward.protocol.ServerBatch;
import dev.steward.protocol.Wire;
import dev.steward.server.fleet.AgentRecord;
import dev.steward.server.fleet.AgentRegistry;
import dev.steward.server.http.ApiException;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push channel: a WebSocket on the same HTTPS port and the same client certificate. The agent is
 * identified before the upgrade; afterwards each text frame is an {@link AgentBatch}, answered with a
 * {@link ServerBatch} that acknowledges it by id, through the same {@link AgentGateway} as polling.
 */
public final class PushRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(PushRoutes.class);
    private static final String AGENT = "steward.agent";
    private static final String CONNECTION = "steward.push";
    /** The agent pings every 30 s; a connection silent for three of those is dead. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(90);

    private PushRoutes() {
    }

    public static void register(RoutesConfig routes, boolean enabled, AgentRegistry registry, AgentGateway gateway,
            PushSessions sessions, Clock clock) {
        routes.wsBeforeUpgrade(AgentPaths.PUSH, ctx -> {
            if (!enabled) {
                throw new ApiException(503, "push is disabled on this server; the agent polls instead", null);
            }
            ctx.attribute(AGENT, registry.identify(ClientCertificates.require(ctx)));
        });
        routes.ws(AgentPaths.PUSH, ws -> {
            ws.onConnect(ctx -> {
                ctx.session.setIdleTimeout(IDLE_TIMEOUT);
                PushConnection connection = new PushConnection(ctx.<AgentRecord>attribute(AGENT), ctx, clock.instant());
                ctx.attribute(CONNECTION, connection);
                sessions.register(connection);
            });
            ws.onMessage(ctx -> answer(ctx, ctx.message(), gateway));
            ws.onClose(ctx -> closed(ctx, sessions));
            ws.onError(ctx -> {
                LOG.debug("push connection error", ctx.error());
                closed(ctx, sessions);
            });
        });
    }

    private static void answer(WsContext ctx, String text, AgentGateway gateway) {
        PushConnection connection = ctx.attribute(CONNECTION);
        connection.received(text);
        String id = null;
        try {
            JsonNode tree = Wire.json().readTree(text);
            id = tree != null && tree.hasNonNull("id") ? tree.get("id").asText() : null;
            AgentBatch batch = Wire.json().treeToValue(tree, AgentBatch.class);
            ServerBatch work = gateway.exchange(connection.agent(), batch);
            connection.send(new ServerBatch(id, work.messages(), null));
        } catch (ApiException e) {
            connection.send(new ServerBatch(id, List.of(), new ErrorBody(e.status(), e.getMessage(), e.field())));
        } catch (IOException | IllegalArgumentException e) {
            connection.send(new ServerBatch(id, List.of(), new ErrorBody(400, "malformed batch: " + e.getMessage(), null)));
        }
    }

    private static void closed(WsContext ctx, PushSessions sessions) {
        PushConnection connection = ctx.attribute(CONNECTION);
        if (connection != null) {
            sessions.unregister(connection);
        }
    }
}
