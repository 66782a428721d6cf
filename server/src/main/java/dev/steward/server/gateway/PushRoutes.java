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
    private static final String INBOX = "steward.push.inbox";
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
                ctx.attribute(INBOX, new PushInbox(text -> answer(connection, text, gateway, sessions)));
                sessions.register(connection);
                // A revocation that landed during the handshake found no connection to close: check again.
                if (!registry.stillEnrolled(connection.agent().id())) {
                    sessions.disconnect(connection.agent().id(), "the agent was revoked");
                }
            });
            ws.onMessage(ctx -> receive(ctx, ctx.message()));
            ws.onClose(ctx -> closed(ctx, sessions));
            ws.onError(ctx -> {
                LOG.debug("push connection error", ctx.error());
                closed(ctx, sessions);
            });
        });
    }

    /** Hands the frame to the connection's inbox and returns, so Jetty goes on reading this connection. */
    private static void receive(WsContext ctx, String text) {
        PushConnection connection = ctx.attribute(CONNECTION);
        connection.received(text);
        PushInbox inbox = ctx.attribute(INBOX);
        if (!inbox.offer(text)) {
            connection.send(new ServerBatch(idOf(text), List.of(), new ErrorBody(503, "too many batches in flight on "
                    + "this connection (" + PushInbox.CAPACITY + "); send this one again after the others are answered", null)));
        }
    }

    private static void answer(PushConnection connection, String text, AgentGateway gateway, PushSessions sessions) {
        // Identity was checked at the upgrade. A revocation closes the connection: at once on this node
        // (AgentService), within a sweep interval when made on another one (PushSessions.sweepRevoked).
        AgentBatch batch;
        try {
            batch = Wire.json().readValue(text, AgentBatch.class);
        } catch (IOException | IllegalArgumentException e) {
            connection.send(new ServerBatch(idOf(text), List.of(), new ErrorBody(400, "malformed batch: " + e.getMessage(), null)));
            return;
        }
        if (sessions.stopping()) {
            // The datastore is about to close: refuse with a 5xx, which the agent retries (keeping the batch).
            connection.send(new ServerBatch(batch.id(), List.of(), new ErrorBody(503,
                    "the server is shutting down; send this again after it is back", null)));
            return;
        }
        try {
            ServerBatch work = gateway.exchange(connection.agent(), batch);
            connection.send(new ServerBatch(batch.id(), work.messages(), null));
        } catch (ApiException e) {
            connection.send(new ServerBatch(batch.id(), List.of(), new ErrorBody(e.status(), e.getMessage(), e.field())));
        } catch (RuntimeException e) {
            // As a poll request would get a 500: answer, keep the connection; the agent retries later.
            LOG.error("push batch from agent '{}' failed", connection.agent().name(), e);
            connection.send(new ServerBatch(batch.id(), List.of(), new ErrorBody(500,
                    "internal server error; the server log has the details", null)));
        }
    }

    /** The batch id of a frame that did not parse, so the refusal still reaches the waiting sender. */
    private static String idOf(String text) {
        try {
            JsonNode tree = Wire.json().readTree(text);
            return tree != null && tree.hasNonNull("id") ? tree.get("id").asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void closed(WsContext ctx, PushSessions sessions) {
        PushConnection connection = ctx.attribute(CONNECTION);
        if (connection != null) {
            sessions.unregister(connection);
        }
    }
}
