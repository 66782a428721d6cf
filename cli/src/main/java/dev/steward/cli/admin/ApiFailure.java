package dev.steward.cli.admin;

/** The server refused or failed a request; the message is the server's own explanation. */
public final class ApiFailure extends RuntimeException {
    private final int status;

    public ApiFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
