package dev.steward.agent.exec;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A deliver task's {@code mode}: octal permission text such as {@code "0644"} or {@code "755"}. Only the
 * nine permission bits: setuid, setgid and sticky are refused rather than silently dropped, since
 * {@link java.nio.file.Files#setPosixFilePermissions} could not set them.
 */
final class FileMode {

    private static final Pattern OCTAL = Pattern.compile("0?[0-7]{3}");
    /** In the order of the bits, highest first: owner rwx, group rwx, others rwx. */
    private static final PosixFilePermission[] BITS = PosixFilePermission.values();

    private FileMode() {
    }

    static Set<PosixFilePermission> parse(String mode) {
        if (mode == null || !OCTAL.matcher(mode).matches()) {
            throw new IllegalArgumentException("mode must be octal permissions such as 0644 or 755, got '" + mode
                    + "'");
        }
        int bits = Integer.parseInt(mode, 8);
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS.length; i++) {
            if ((bits & (1 << (BITS.length - 1 - i))) != 0) {
                permissions.add(BITS[i]);
            }
        }
        return permissions;
    }

    /** Four digits, as {@code ls}-savvy people read them: "755" becomes "0755". */
    static String normalized(String mode) {
        return mode.length() == 3 ? "0" + mode : mode;
    }
}
