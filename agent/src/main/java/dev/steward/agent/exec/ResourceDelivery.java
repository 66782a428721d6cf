package dev.steward.agent.exec;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Writes a resource to a deliver task's destination. The new content is complete, on disk and has its
 * permissions before one rename puts it in place, so a reader of the destination sees the old file or
 * the new one, never a partial file or one with the wrong mode; a failure leaves the destination as it was.
 * On a file system without POSIX permissions (Windows) the mode is not applied.
 */
final class ResourceDelivery {

    private ResourceDelivery() {
    }

    /** Copies {@code source} to {@code target}, creating missing parent directories; returns the bytes written. */
    static long write(Path source, Path target, Set<PosixFilePermission> permissions) throws IOException {
        Path parent = target.getParent();
        if (parent == null || target.getFileName() == null) {
            throw new IOException("'" + target + "' does not name a file");
        }
        Files.createDirectories(parent);
        // In the destination's directory, so that the final move is a rename within one file system.
        Path temp = Files.createTempFile(parent, "." + target.getFileName() + ".steward-", ".tmp");
        try {
            long written;
            try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
                written = Files.copy(source, out);
                out.getFD().sync();
            }
            // Windows file systems have no POSIX modes: the file takes its directory's ACLs there.
            if (Files.getFileStore(parent).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temp, permissions);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return written;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
