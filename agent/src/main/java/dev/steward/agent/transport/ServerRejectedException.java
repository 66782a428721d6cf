package dev.steward.agent.transport;

/** The server answered with a 4xx: retrying the same request will not help. */
public final class ServerRejectedException extends RuntimeException {
    private final int status;

    public ServerRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
