package dev.steward.server.resource;

import dev.steward.server.http.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Resource content on disk, named by its SHA-256 ({@code DIR/resources/ab/abcdef…}): the same bytes are
 * stored once however many resources (or tenants) hold them, and a file's name is its own checksum.
 * Written to a temporary file while hashing, then moved into place atomically.
 */
public final class ResourceBlobs {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private final Path root;

    public ResourceBlobs(Path dataDir) {
        this.root = dataDir.resolve("resources");
        try {
            Files.createDirectories(root.resolve("incoming"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
    }

    public record Stored(String sha256, long size) {
    }

    /** Reads the stream to its end (at most {@code maxBytes}) and stores it; a larger body is refused with 413. */
    Stored store(InputStream in, long maxBytes) {
        Path temp;
        try {
            temp = Files.createTempFile(root.resolve("incoming"), "upload-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file under " + root, e);
        }
        try {
            MessageDigest digest = sha256();
            long size = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(temp)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    size += n;
                    if (size > maxBytes) {
                        throw new ApiException(413, "the resource exceeds this server's limit of " + maxBytes
                                + " bytes (server option --resource-max-size)", null);
                    }
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            Path target = path(sha);
            Files.createDirectories(target.getParent());
            if (reuse(target, size)) {
                Files.delete(temp);
            } else {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return new Stored(sha, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the upload", e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Best effort: a leftover .part file is harmless and reused names are random.
            }
        }
    }

    /**
     * Whether the same content is already in place; if so its modification time is set to now, which tells
     * {@link ResourceCollector} it was just wanted again (it deletes only content untouched for a grace
     * period). False when the file is missing, e.g. because the collector took it away a moment ago: then
     * the upload puts its own copy in place.
     */
    private static boolean reuse(Path target, long size) throws IOException {
        try {
            if (Files.size(target) != size) {
                return false;
            }
            Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
            return true;
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    /** The directory holding the content (two-digit subdirectories) and {@code incoming/}; for the collector. */
    Path root() {
        return root;
    }

    /** The file holding this content; the hash was validated, so it cannot point outside the store. */
    Path path(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw ApiException.badRequest("sha256", "expected 64 lowercase hexadecimal digits");
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    InputStream open(String sha256) throws IOException {
        return Files.newInputStream(path(sha256));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
