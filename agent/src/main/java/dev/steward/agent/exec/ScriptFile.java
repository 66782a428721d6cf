package dev.steward.agent.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A script task's body on disk for the lifetime of one task. Owner-only (0700) from the moment it
 * is created, since scripts can carry secrets, and deleted on close whatever the outcome.
 */
final class ScriptFile implements AutoCloseable {

    private final Path path;

    private ScriptFile(Path path) {
        this.path = path;
    }

    static ScriptFile write(Path dir, String body) throws IOException {
        return create(dir, file -> Files.writeString(file, body, StandardCharsets.UTF_8));
    }

    /** The body taken byte for byte from a file (a script resource). */
    static ScriptFile copy(Path dir, Path body) throws IOException {
        return create(dir, file -> {
            // Into the existing file: copying onto its path would replace it, and with it the 0700 mode.
            try (OutputStream out = Files.newOutputStream(file)) {
                Files.copy(body, out);
            }
        });
    }

    private interface Content {
        void writeTo(Path file) throws IOException;
    }

    private static ScriptFile create(Path dir, Content content) throws IOException {
        Path file = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(dir, "steward-task-", "",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : Files.createTempFile(dir, "steward-task-", "");
        ScriptFile script = new ScriptFile(file);
        try {
            content.writeTo(file);
        } catch (IOException | RuntimeException e) {
            script.close();
            throw e;
        }
        return script;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Nothing useful to do: the file is in the agent's own work directory and owner-only.
        }
    }
}
