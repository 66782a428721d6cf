package dev.steward.server.http;

/** Makes untrusted text safe to echo in an error message, a log line or a bounded column. */
public final class Printable {
    private Printable() {
    }

    /** As {@link #clip}, but null stays null: for optional values that are stored, not printed. */
    public static String clipNullable(String value, int max) {
        return value == null ? null : clip(value, max);
    }

    /**
     * Control characters become backslash-u escapes; the result is at most {@code max} chars long (an
     * ellipsis marks a cut), so it always fits a column of that size, escapes included.
     */
    public static String clip(String value, int max) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max) + 8);
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            String piece = Character.isISOControl(cp) ? String.format("\\u%04x", cp) : Character.toString(cp);
            if (out.length() + piece.length() > max) {
                while (out.length() > Math.max(0, max - 1)) {
                    out.setLength(out.length() - (Character.isLowSurrogate(out.charAt(out.length() - 1)) ? 2 : 1));
                }
                return out.append(max > 0 ? "…" : "").toString();
            }
            out.append(piece);
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
