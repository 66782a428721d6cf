package dev.steward.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * JVM options that make a server start cheaper, for tests that restart the server dozens of times. Most of a
 * start is loading and linking classes; the JVM can keep that work in a file and map it in on the next start.
 * On JDK 25+ that is the AOT cache (JEP 483/514), elsewhere a dynamic class-data-sharing archive; either is
 * written when a server started with a missing or stale one stops cleanly. The serial collector saves the GC
 * threads' start. Nothing the server does depends on these: they change how fast it starts, not what it does.
 * Measured on the 2-core test machine: about 4.5 CPU seconds per start without, 2.9 with the archive, 2.1 with
 * the AOT cache.
 */
final class ServerClassCache {
    private static final Path DIR = Path.of("target").toAbsolutePath();

    private ServerClassCache() {
    }

    static List<String> jvmOptions() {
        if (Runtime.version().feature() >= 25) {
            Path cache = DIR.resolve("e2e-server.aot");
            // A cache older than the distribution would be refused (with a warning) on every start: record anew.
            return List.of(fresh(cache) ? "-XX:AOTCache=" + cache : "-XX:AOTCacheOutput=" + cache, "-XX:+UseSerialGC");
        }
        return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + DIR.resolve("e2e-server.jsa"),
                "-XX:+UseSerialGC");
    }

    private static boolean fresh(Path cache) {
        if (!Files.exists(cache)) {
            return false;
        }
        try (Stream<Path> jars = Files.list(StewardProcess.dist())) {
            FileTime written = Files.getLastModifiedTime(cache);
            for (Path jar : jars.toList()) {
                if (Files.getLastModifiedTime(jar).compareTo(written) > 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
