package dev.steward.server.http;

import java.util.regex.Pattern;

/** The one naming rule for admin-chosen and agent-chosen names: short, printable, shell- and URL-safe. */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Names() {
    }

    public static String require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field, field + ": is required");
        }
        if (!NAME.matcher(value).matches()) {
            throw ApiException.badRequest(field, field + ": must be 1-64 characters of letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit; got '" + Printable.clip(value, 80) + "'");
        }
        return value;
    }
}
