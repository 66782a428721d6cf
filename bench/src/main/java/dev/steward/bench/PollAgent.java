package dev.steward.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steward.protocol.AgentBatch;
import dev.steward.protocol.ServerBatch;
import dev.steward.protocol.Wire;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A simulated polling agent: a kept-alive HTTPS connection with its own client certificate, a
 * check-in ({@code POST /agent/v1/exchange}, the real envelope) every poll interval with the real
 * agent's ±10% jitter, and whatever the outbox holds sent at once.
 */
final class PollAgent extends SimAgent {
    private static final int MAX_RESPONSE = 16 * 1024 * 1024;

    private boolean everOpened;
    private boolean checkInDue;
    private boolean checkInInFlight;
    private io.netty.util.concurrent.ScheduledFuture<?> nextCheckIn;

    PollAgent(int index, SimIdentity identity, Fleet fleet, EventLoop loop) {
        super(index, identity, fleet, loop);
    }

    @Override
    void connect() {
        dial((ch, ssl) -> {
            ssl.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    opened(ch);
                }
            });
            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE), new Handler());
        });
    }

    @Override
    void onOpen() {
        if (!everOpened) {
            everOpened = true;
            // The first check-in lands anywhere in the first interval, so the fleet polls evenly spread.
            scheduleCheckIn(ThreadLocalRandom.current().nextLong(fleet.config().pollInterval().toMillis() + 1));
        } else {
            checkInNow();
        }
    }

    @Override
    void onClose() {
        checkInInFlight = false;
    }

    private void checkInNow() {
        checkInDue = true;
        flush();
    }

    /** One pending check-in at a time, whatever reconnects happened in between. */
    private void scheduleCheckIn(long delayMillis) {
        if (nextCheckIn != null) {
            nextCheckIn.cancel(false);
        }
        nextCheckIn = loop.schedule(this::checkInNow, delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    void flush() {
        if (!open || outbox.busy()) {
            return;
        }
        if (checkInDue) {
            checkInDue = false;
            checkInInFlight = true;
            post(takeBatch(checkIn()));
        } else if (outbox.canSend()) {
            post(takeBatch(null));
        }
    }

    private void post(AgentBatch batch) {
        byte[] body;
        try {
            body = Wire.json().writeValueAsBytes(batch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a batch", e);
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                fleet.config().path(), Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, fleet.config().host() + ":" + fleet.config().port())
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        channel.writeAndFlush(request);
    }

    /** The real agent's next check-in: the interval ±10%. */
    private long nextCheckInMillis() {
        long interval = fleet.config().pollInterval().toMillis();
        long spread = Math.max(1, interval / 10);
        return interval - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1);
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) throws Exception {
            boolean wasCheckIn = checkInInFlight;
            checkInInFlight = false;
            if (response.status().code() != 200) {
                fleet.counters().httpErrors.increment();
                fleet.print("http_error " + identity.name() + " " + response.status().code() + " "
                        + response.content().toString(StandardCharsets.UTF_8).replace('\n', ' '));
                outbox.requeue();
            } else {
                ServerBatch answer = Wire.json().readValue(ByteBufUtil.getBytes(response.content()), ServerBatch.class);
                // Over HTTP the response is the acknowledgement, whether or not it repeats the batch id.
                received(answer.ack() != null ? answer : new ServerBatch(outbox.inFlightId(), answer.messages(), answer.error()));
            }
            if (wasCheckIn) {
                scheduleCheckIn(nextCheckInMillis());
            }
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
