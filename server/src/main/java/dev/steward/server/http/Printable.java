package dev.steward.server.http;

/** Makes untrusted text safe to echo in an error message or a log line. */
public final class Printable {
    private Printable() {
    }

    public static String clip(String value, int max) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(max).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return value.codePointCount(0, value.length()) > max ? out + "…" : out.toString();
    }
}
