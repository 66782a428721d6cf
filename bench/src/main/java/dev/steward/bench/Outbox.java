package dev.steward.bench;

import dev.steward.protocol.AgentBatch;
import dev.steward.protocol.AgentMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated agent's messages waiting to be sent, and the one batch in flight. Like the real agent,
 * a batch is sent at a time and kept until the server acknowledges it; if the connection drops first,
 * its messages go back to the front and are sent again (at-least-once; the server ingests idempotently).
 * Confined to the agent's event-loop thread.
 */
final class Outbox {
    private final List<AgentMessage> waiting = new ArrayList<>();
    private List<AgentMessage> inFlight;
    private String inFlightId;
    private long sentAtNanos;

    void add(AgentMessage message) {
        waiting.add(message);
    }

    boolean canSend() {
        return inFlight == null && !waiting.isEmpty();
    }

    boolean busy() {
        return inFlight != null;
    }

    /** Takes everything waiting into one batch with a fresh id, prefixed by {@code first} if given. */
    AgentBatch take(String id, AgentMessage first) {
        inFlight = new ArrayList<>();
        if (first != null) {
            inFlight.add(first);
        }
        inFlight.addAll(waiting);
        waiting.clear();
        inFlightId = id;
        sentAtNanos = System.nanoTime();
        return new AgentBatch(id, List.copyOf(inFlight));
    }

    String inFlightId() {
        return inFlightId;
    }

    long sentAtNanos() {
        return sentAtNanos;
    }

    /** The acknowledged batch's messages. */
    List<AgentMessage> acknowledged() {
        List<AgentMessage> done = inFlight == null ? List.of() : inFlight;
        inFlight = null;
        inFlightId = null;
        return done;
    }

    /** The connection dropped: what was in flight is sent again (check-ins are not; a new one is made). */
    void requeue() {
        if (inFlight != null) {
            List<AgentMessage> again = new ArrayList<>();
            for (AgentMessage m : inFlight) {
                if (!(m instanceof AgentMessage.CheckIn)) {
                    again.add(m);
                }
            }
            waiting.addAll(0, again);
            inFlight = null;
            inFlightId = null;
        }
    }
}
