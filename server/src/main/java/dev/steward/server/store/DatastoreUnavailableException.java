package dev.steward.server.store;

/** The datastore cannot be reached or migrated; the message says which and why. */
public final class DatastoreUnavailableException extends RuntimeException {
    public DatastoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
