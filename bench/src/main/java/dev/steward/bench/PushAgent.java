package dev.steward.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steward.protocol.AgentBatch;
import dev.steward.protocol.ServerBatch;
import dev.steward.protocol.Wire;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A simulated push agent: one WebSocket over mutual TLS with its own certificate, the real envelope
 * ({@link AgentBatch} / {@link ServerBatch} via {@link Wire}), a check-in on every (re)connect, a ping
 * per heartbeat, and a reconnect spread over the window when the connection drops. It never gives up.
 */
final class PushAgent extends SimAgent {
    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private final URI uri;
    private ScheduledFuture<?> heartbeat;

    PushAgent(int index, SimIdentity identity, Fleet fleet, EventLoop loop) {
        super(index, identity, fleet, loop);
        SimConfig c = fleet.config();
        this.uri = URI.create("wss://" + c.host() + ":" + c.port() + c.path());
    }

    @Override
    void connect() {
        dial((ch, ssl) -> ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                        .webSocketUri(uri).maxFramePayloadLength(MAX_FRAME)
                        .handshakeTimeoutMillis(30_000).dropPongFrames(true).build()),
                new WebSocketFrameAggregator(MAX_FRAME), new Handler()));
    }

    @Override
    void onOpen() {
        long period = fleet.config().heartbeat().toMillis();
        heartbeat = loop.scheduleAtFixedRate(() -> {
            if (open) {
                channel.writeAndFlush(new PingWebSocketFrame());
            }
        }, ThreadLocalRandom.current().nextLong(period), period, TimeUnit.MILLISECONDS);
        // As the real agent: say hello over the new channel (and pick up pending work).
        send(takeBatch(checkIn()));
    }

    @Override
    void onClose() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
    }

    @Override
    void flush() {
        if (open && outbox.canSend()) {
            send(takeBatch(null));
        }
    }

    private void send(AgentBatch batch) {
        try {
            channel.writeAndFlush(new TextWebSocketFrame(Wire.json().writeValueAsString(batch)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a batch", e);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                opened(ctx.channel());
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws Exception {
            received(Wire.json().readValue(frame.text(), ServerBatch.class));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
