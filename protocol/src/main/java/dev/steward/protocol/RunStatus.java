package dev.steward.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Life cycle of one agent's run of a job: pending → delivered → running → a terminal state. */
public enum RunStatus {
    PENDING, DELIVERED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED;

    public boolean isTerminal() {
        return switch (this) {
            case SUCCEEDED, FAILED, TIMED_OUT, CANCELLED -> true;
            case PENDING, DELIVERED, RUNNING -> false;
        };
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromWire(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
