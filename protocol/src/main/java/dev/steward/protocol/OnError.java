package dev.steward.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Task error control: a failed task either stops its module or lets the next task run. */
public enum OnError {
    STOP, CONTINUE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
