package dev.steward.cli.admin;

/** Text from agents is untrusted: strip control characters (escape sequences) before it reaches a terminal. */
public final class Terminal {
    private Terminal() {
    }

    public static String safe(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\n' || cp == '\t' || !Character.isISOControl(cp)) {
                out.appendCodePoint(cp);
            } else {
                out.append('?');
            }
        });
        return out.toString();
    }

    public static boolean interactive() {
        return System.console() != null;
    }
}
