package dev.steward.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts the embedded SQLite file at start, before the datastore is opened for the server, when most of it
 * is free pages (as after retention deleted old jobs: SQLite reuses free pages but never gives them back on
 * its own). {@code VACUUM} rebuilds the file from its live pages inside a transaction, so an interrupted
 * compaction leaves the old file as it was; it takes time in proportion to the live data.
 *
 * <p>Bounded like {@link H2Compaction}: files below {@link H2Compaction#MIN_FILE_BYTES} are not touched,
 * compaction runs only when at least half the file is free, and is skipped (with a warning) when more than
 * {@link H2Compaction#MAX_LIVE_BYTES} are live. PostgreSQL and H2 URLs are left alone.
 */
public final class SqliteCompaction {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteCompaction.class);

    private SqliteCompaction() {
    }

    /** Compacts the datastore's SQLite file if it is worth it; never throws. */
    public static H2Compaction.Outcome compactIfWasteful(DatastoreConfig config) {
        return compactIfWasteful(config, H2Compaction.MIN_FILE_BYTES, H2Compaction.MAX_LIVE_BYTES);
    }

    static H2Compaction.Outcome compactIfWasteful(DatastoreConfig config, long minFileBytes, long maxLiveBytes) {
        Path file = fileOf(config.jdbcUrl());
        if (file == null) {
            return new H2Compaction.Outcome("not an embedded SQLite file", -1, -1, -1, 0);
        }
        if (!Files.isRegularFile(file)) {
            return new H2Compaction.Outcome("no file yet", -1, -1, -1, 0);
        }
        long before = size(file);
        if (before < minFileBytes) {
            return new H2Compaction.Outcome("small", before, before, -1, 0);
        }
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(config.jdbcUrl()); Statement s = c.createStatement()) {
            long pageSize = single(s, "PRAGMA page_size");
            long live = (single(s, "PRAGMA page_count") - single(s, "PRAGMA freelist_count")) * pageSize;
            if (live * 2 > before) {
                return new H2Compaction.Outcome("mostly live", before, before, live, 0);
            }
            if (live > maxLiveBytes) {
                LOG.warn("the datastore file {} is {} MB with about {} MB of live data; compacting it would take long, so it "
                        + "was not compacted at start (stop the server and run sqlite3 {} VACUUM to reclaim the space)",
                        file, mb(before), mb(live), file);
                return new H2Compaction.Outcome("too large to compact at start", before, before, live, 0);
            }
            LOG.info("compacting the datastore file {} ({} MB, about {} MB live) before starting", file, mb(before), mb(live));
            s.execute("VACUUM");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not compact the datastore file {}: {}", file, e.getMessage());
            return new H2Compaction.Outcome("failed: " + e.getMessage(), before, size(file), -1, elapsed(started));
        }
        long after = size(file);
        long millis = elapsed(started);
        LOG.info("compacted the datastore file {}: {} MB -> {} MB in {} ms", file, mb(before), mb(after), millis);
        return new H2Compaction.Outcome("compacted", before, after, -1, millis);
    }

    /** The file of a {@code jdbc:sqlite:/path?params} URL; null for in-memory databases. */
    static Path fileOf(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:sqlite:")) {
            return null;
        }
        String rest = jdbcUrl.substring("jdbc:sqlite:".length());
        int params = rest.indexOf('?');
        String name = params < 0 ? rest : rest.substring(0, params);
        if (name.startsWith("file:")) {
            name = name.substring("file:".length());
        }
        return name.isEmpty() || name.startsWith(":memory:") ? null : Path.of(name);
    }

    private static long single(Statement s, String pragma) throws SQLException {
        try (ResultSet rs = s.executeQuery(pragma)) {
            rs.next();
            return rs.getLong(1);
        }
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
