package dev.steward.protocol;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Human durations as people type them in flags and module files: {@code 90s}, {@code 10m}, {@code 1h30m},
 * {@code 2d}, or a bare number of seconds.
 */
public final class DurationText {
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    public static final String EXPECTED = "a duration like 30s, 10m, 1h30m or 2d";

    private DurationText() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected " + EXPECTED + ", got nothing");
        }
        String trimmed = text.trim();
        if (trimmed.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        Matcher matcher = PART.matcher(trimmed);
        Duration total = Duration.ZERO;
        int consumed = 0;
        while (matcher.find() && matcher.start() == consumed) {
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
            consumed = matcher.end();
        }
        if (consumed != trimmed.length() || consumed == 0) {
            throw new IllegalArgumentException("expected " + EXPECTED + ", got '" + trimmed + "'");
        }
        return total;
    }

    /** The shortest text that {@link #parse} reads back to the same duration. */
    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
