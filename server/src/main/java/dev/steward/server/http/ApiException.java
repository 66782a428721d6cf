package dev.steward.server.http;

/**
 * A request that cannot be served, with the HTTP status and a message a person can act on. Services
 * throw these; the HTTP layer renders them as {@link dev.steward.protocol.ErrorBody}.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String field;
    private final int retryAfterSeconds;

    public ApiException(int status, String message, String field) {
        this(status, message, field, 0);
    }

    private ApiException(int status, String message, String field, int retryAfterSeconds) {
        super(message);
        this.status = status;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 503 with a Retry-After: the request was fine, the server cannot take it now (overload, slow datastore). */
    public static ApiException retryLater(String message, int retryAfterSeconds) {
        return new ApiException(503, message, null, retryAfterSeconds);
    }

    /** Seconds to wait before retrying, or 0 when the answer says nothing about it. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, message, field);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, message, null);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message, null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message, null);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message, null);
    }
}
