package dev.steward.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Outcome of one task. {@code skipped}: an earlier task failed with {@code on_error: stop}. */
public enum TaskStatus {
    SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, SKIPPED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
