package dev.steward.server.gateway;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * The frames of one push connection waiting to be handled, in arrival order, off Jetty's read path:
 * while a batch waits for the datastore, the connection keeps reading, so WebSocket pings are answered
 * and closes noticed, and a slow datastore slows results down without dropping the connection. One
 * virtual thread at a time drains the inbox, so a connection's batches are applied in order. Bounded: an
 * agent keeps one batch in flight, so more than {@link #CAPACITY} waiting frames are refused at once
 * ("retry later") instead of queued.
 */
final class PushInbox {
    static final int CAPACITY = 8;

    private final Deque<String> frames = new ArrayDeque<>();
    private final Consumer<String> handler;
    private boolean draining;

    PushInbox(Consumer<String> handler) {
        this.handler = handler;
    }

    /** Queues a frame for handling; false when the inbox is full (the caller refuses the frame). */
    boolean offer(String frame) {
        synchronized (frames) {
            if (frames.size() >= CAPACITY) {
                return false;
            }
            frames.addLast(frame);
            if (draining) {
                return true;
            }
            draining = true;
        }
        Thread.ofVirtual().name("steward-push-batch").start(this::drain);
        return true;
    }

    private void drain() {
        while (true) {
            String frame;
            synchronized (frames) {
                frame = frames.pollFirst();
                if (frame == null) {
                    draining = false;
                    return;
                }
            }
            handler.accept(frame);
        }
    }
}
