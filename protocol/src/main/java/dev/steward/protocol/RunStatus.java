package dev.steward.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Life cycle of one agent's run of a job: pending → delivered → running → a terminal state. Runs of a
 * project's later modules or a run book's later steps start as {@code waiting} and become pending, or
 * {@code skipped} when an earlier one failed; agents never see either.
 */
public enum RunStatus {
    PENDING, DELIVERED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, WAITING, SKIPPED;

    public boolean isTerminal() {
        return switch (this) {
            case SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, SKIPPED -> true;
            case PENDING, DELIVERED, RUNNING, WAITING -> false;
        };
    }

    /** Ended without succeeding: what stops a project or run book unless marked continue. */
    public boolean isFailure() {
        return this == FAILED || this == TIMED_OUT || this == CANCELLED || this == SKIPPED;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromWire(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
