package dev.steward.agent;

import java.util.Locale;

/** How the agent hears about work: by polling on an interval, or over a persistent push connection. */
public enum AgentMode {
    POLL, PUSH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AgentMode parse(String text) {
        for (AgentMode mode : values()) {
            if (mode.wireName().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mode must be poll or push, got '" + text + "'");
    }
}
