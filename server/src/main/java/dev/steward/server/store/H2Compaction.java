package dev.steward.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts the embedded H2 file at start, before the datastore is opened for the server, when it has grown
 * well beyond its live data (as after retention deleted old jobs: H2 reuses the space but never gives it
 * back on its own). {@code SHUTDOWN COMPACT} copies the live data into a new file and replaces the old one
 * atomically (an interrupted compaction leaves the old file, and H2 cleans up the temporary one at the next
 * open); it takes time in proportion to the live data, not to the file.
 *
 * <p>Bounded: nothing is read below {@link #MIN_FILE_BYTES}; compaction runs only when at least half the
 * file is reclaimable, and is skipped (with a warning) when the live data is estimated above
 * {@link #MAX_LIVE_BYTES}, which would take minutes (measured about 35 MB/s on a busy two-core machine). The
 * live size is estimated from H2's own figures: the share of the file in chunks times the share of those
 * chunks still live. PostgreSQL and non-file H2 URLs are left alone.
 */
public final class H2Compaction {
    private static final Logger LOG = LoggerFactory.getLogger(H2Compaction.class);
    static final long MIN_FILE_BYTES = 64L * 1024 * 1024;
    static final long MAX_LIVE_BYTES = 2L * 1024 * 1024 * 1024;

    private H2Compaction() {
    }

    /** What was found and done. {@code before}/{@code after} are file sizes in bytes (-1: no file). */
    public record Outcome(String action, long before, long after, long estimatedLive, long millis) {
    }

    /** Compacts the datastore's H2 file if it is worth it; does nothing for PostgreSQL. Never throws. */
    public static Outcome compactIfWasteful(DatastoreConfig config) {
        return compactIfWasteful(config, MIN_FILE_BYTES, MAX_LIVE_BYTES);
    }

    static Outcome compactIfWasteful(DatastoreConfig config, long minFileBytes, long maxLiveBytes) {
        Path file = fileOf(config.jdbcUrl());
        if (file == null) {
            return new Outcome("not an embedded H2 file", -1, -1, -1, 0);
        }
        if (!Files.isRegularFile(file)) {
            return new Outcome("no file yet", -1, -1, -1, 0);
        }
        long before = size(file);
        if (before < minFileBytes) {
            return new Outcome("small", before, before, -1, 0);
        }
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
            Map<String, Long> info = info(c);
            // H2 rounds both percentages down; one more point each keeps the estimate on the high side.
            long live = before * Math.min(100, info.getOrDefault("info.FILL_RATE", 100L) + 1) / 100
                    * Math.min(100, info.getOrDefault("info.CHUNKS_FILL_RATE", 100L) + 1) / 100;
            if (live * 2 > before) {
                LOG.info("the datastore file {} is {} MB, about {} MB of it live: not worth compacting", file, mb(before), mb(live));
                return new Outcome("mostly live", before, before, live, 0);
            }
            if (live > maxLiveBytes) {
                LOG.warn("the datastore file {} is {} MB with about {} MB of live data; compacting it would take long, so it "
                        + "was not compacted at start (stop the server and run H2's SHUTDOWN COMPACT to reclaim the space)",
                        file, mb(before), mb(live));
                return new Outcome("too large to compact at start", before, before, live, 0);
            }
            LOG.info("compacting the datastore file {} ({} MB, about {} MB live) before starting", file, mb(before), mb(live));
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            }
        } catch (SQLException | RuntimeException e) {
            // Not worth failing the start for: the datastore is opened next and reports real trouble itself.
            LOG.warn("could not compact the datastore file {}: {}", file, e.getMessage());
            return new Outcome("failed: " + e.getMessage(), before, size(file), -1, elapsed(started));
        }
        long after = size(file);
        long millis = elapsed(started);
        LOG.info("compacted the datastore file {}: {} MB -> {} MB in {} ms", file, mb(before), mb(after), millis);
        return new Outcome("compacted", before, after, -1, millis);
    }

    /** The {@code .mv.db} file of an embedded H2 URL ({@code jdbc:h2:file:/path/name;...} or {@code jdbc:h2:/path}). */
    static Path fileOf(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:")) {
            return null;
        }
        String rest = jdbcUrl.substring("jdbc:h2:".length());
        int params = rest.indexOf(';');
        String name = params < 0 ? rest : rest.substring(0, params);
        if (name.startsWith("file:")) {
            name = name.substring("file:".length());
        } else if (!name.startsWith("/")) {
            return null; // mem:, tcp:, ssl:, zip:, ~ ...: not a local file this server owns
        }
        return name.isEmpty() ? null : Path.of(name + ".mv.db");
    }

    private static Map<String, Long> info(Connection c) throws SQLException {
        Map<String, Long> info = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS
                WHERE SETTING_NAME IN ('info.FILL_RATE', 'info.CHUNKS_FILL_RATE')""")) {
            while (rs.next()) {
                try {
                    info.put(rs.getString(1), Long.parseLong(rs.getString(2).trim()));
                } catch (NumberFormatException e) {
                    // Unknown format in some other H2 version: assume fully live (no compaction).
                }
            }
        }
        return info;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }
}
