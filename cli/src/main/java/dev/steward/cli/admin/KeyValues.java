package dev.steward.cli.admin;

import dev.steward.cli.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code key=value} words as typed on the command line (settings, labels); a bad word is a usage error. */
final class KeyValues {
    private KeyValues() {
    }

    /** In order; a later word for the same key wins. An empty value is kept (it means "unset" where allowed). */
    static Map<String, String> parse(List<String> words, String example) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new UserError("'" + word + "' is not key=value (e.g. " + example + ")", 2);
            }
            result.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return result;
    }

    /** {@code k=v, k2=v2} for people; "none" when empty. */
    static String describe(com.fasterxml.jackson.databind.JsonNode map) {
        if (map == null || !map.isObject() || map.isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        map.properties().forEach(e -> out.append(out.isEmpty() ? "" : ", ").append(e.getKey()).append('=')
                .append(e.getValue().asText()));
        return Terminal.safe(out.toString());
    }
}
