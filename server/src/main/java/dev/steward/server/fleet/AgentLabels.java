package dev.steward.server.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.steward.protocol.Wire;
import dev.steward.server.http.ApiException;
import dev.steward.server.http.Printable;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Labels on an agent ({@code os=linux}, {@code env=prod}): set by admins, plus {@code os}, derived from
 * what the agent reports unless an admin set it. Team rules and job selectors match on them.
 */
public final class AgentLabels {
    static final int MAX_LABELS = 32;
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._/-]{0,62}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._-]{0,63}");

    private AgentLabels() {
    }

    /** The labels selectors see: the admin's, over the derived ones. */
    public static Map<String, String> effective(AgentRecord agent) {
        Map<String, String> labels = new TreeMap<>();
        if (agent.os() != null && !agent.os().isBlank()) {
            String family = agent.os().trim().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (VALUE.matcher(family).matches()) {
                labels.put("os", family);
            }
        }
        labels.putAll(agent.labels());
        return labels;
    }

    static String key(String field, String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw ApiException.badRequest(field, field + ": label key '" + Printable.clip(String.valueOf(key), 70)
                    + "' must be 1-63 lowercase letters, digits, '.', '_', '/' or '-', starting with a letter or digit");
        }
        return key;
    }

    static String value(String field, String value) {
        if (value == null || !VALUE.matcher(value).matches()) {
            throw ApiException.badRequest(field, field + ": label value '" + Printable.clip(String.valueOf(value), 70)
                    + "' must be at most 63 letters, digits, '.', '_' or '-'");
        }
        return value;
    }

    static Map<String, String> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return Map.copyOf(Wire.json().readValue(json, new TypeReference<Map<String, String>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored agent labels are unreadable", e);
        }
    }

    static String toJson(Map<String, String> labels) {
        try {
            return Wire.json().writeValueAsString(new TreeMap<>(labels));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
