package dev.steward.agent.transport;

/**
 * The server's answer is longer than the caller said it could be (a resource larger than announced):
 * it was cut off, not stored, and fetching it again would give the same.
 */
public final class ResponseTooLargeException extends RuntimeException {
    public ResponseTooLargeException(String message) {
        super(message);
    }
}
