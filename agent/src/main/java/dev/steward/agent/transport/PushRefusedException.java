package dev.steward.agent.transport;

/**
 * The server (or a proxy) answered the WebSocket upgrade with a refusal: push is not allowed right now.
 * Unlike an unreachable server, retrying soon will not help, so the agent backs off exponentially.
 */
public final class PushRefusedException extends RuntimeException {
    public PushRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
