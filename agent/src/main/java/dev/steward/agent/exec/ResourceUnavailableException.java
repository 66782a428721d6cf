package dev.steward.agent.exec;

/**
 * A task's resource could not be had: refused or unreachable server, content not matching what was
 * announced, local disk trouble, or a download stopped. The message says which, for the task's stderr.
 */
public final class ResourceUnavailableException extends Exception {
    public ResourceUnavailableException(String message) {
        super(message);
    }

    public ResourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
