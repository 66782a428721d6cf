package dev.steward.cli.role;

import java.util.Locale;

/** Sizes as operators type them: {@code 1048576}, {@code 512KiB}, {@code 64MiB}, {@code 2GiB}. */
final class ByteSize {
    private ByteSize() {
    }

    static long parse(String option, String text) {
        String t = text.trim();
        long unit = 1;
        String lower = t.toLowerCase(Locale.ROOT);
        for (String[] suffix : new String[][] {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}}) {
            if (lower.endsWith(suffix[0])) {
                unit = Long.parseLong(suffix[1]);
                t = t.substring(0, t.length() - 3).trim();
                break;
            }
        }
        try {
            long value = Math.multiplyExact(Long.parseLong(t), unit);
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(option + ": expected a size such as 1048576, 512KiB, 64MiB or 2GiB, got '"
                    + text + "'");
        }
    }
}
