package dev.steward.agent.transport;

/** The server could not be reached or answered 5xx: try again later, nothing is lost. */
public final class ServerUnreachableException extends RuntimeException {
    public ServerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
