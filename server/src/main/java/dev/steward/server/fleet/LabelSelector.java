package dev.steward.server.fleet;

import dev.steward.server.http.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code key=value[,key=value...]}: matches an agent whose labels have every pair. Used by team rules and
 * by job targets.
 */
public record LabelSelector(Map<String, String> required) {
    public LabelSelector {
        required = Map.copyOf(required);
    }

    public static LabelSelector parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest(field, field + ": expected key=value[,key=value...], e.g. os=linux");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw ApiException.badRequest(field, field + ": '" + dev.steward.server.http.Printable.clip(part.trim(), 70)
                        + "' is not key=value (e.g. os=linux)");
            }
            pairs.put(AgentLabels.key(field, part.substring(0, eq).trim()), AgentLabels.value(field, part.substring(eq + 1).trim()));
        }
        return new LabelSelector(pairs);
    }

    public boolean matches(Map<String, String> labels) {
        return required.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    @Override
    public String toString() {
        return String.join(",", required.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList());
    }
}
