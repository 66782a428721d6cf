package dev.steward.server.store;

import java.nio.file.Path;

/** Where the datastore lives. The default is an embedded H2 file inside the server's data directory. */
public record DatastoreConfig(String jdbcUrl, String user, String password) {

    public DatastoreConfig {
        if (jdbcUrl == null || !(jdbcUrl.startsWith("jdbc:h2:") || jdbcUrl.startsWith("jdbc:postgresql:"))) {
            throw new IllegalArgumentException("--datastore must be a jdbc:h2:… or jdbc:postgresql://… URL, got '"
                    + jdbcUrl + "'");
        }
    }

    /**
     * The embedded default. A 64 MB page cache (H2's default is 16 MB) keeps the agents and open runs of a
     * large fleet in memory; a fan-out to thousands of agents otherwise re-reads pages from the file.
     * DB_CLOSE_ON_EXIT=FALSE: H2 would otherwise close the database in its own shutdown hook, while the
     * server's shutdown is still answering agents ("Database is already closed" during every restart);
     * the server closes it itself, last. WRITE_DELAY=2000: H2's background writer stores every 2 s instead
     * of every 0.5 s. Durability does not depend on it (commits are forced, or journaled, before an
     * answer: {@link DurableCommits}, {@link RedoJournal}); each store rewrites every page changed since
     * the last, so fewer stores during a fan-out write the same hot index pages fewer times.
     */
    public static DatastoreConfig embedded(Path dataDir) {
        return new DatastoreConfig("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("steward")
                + ";CACHE_SIZE=65536;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=2000", "steward", "");
    }

    public boolean isPostgres() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    /** The URL without credentials or parameters, safe to print. */
    public String displayUrl() {
        int params = jdbcUrl.indexOf(jdbcUrl.startsWith("jdbc:h2:") ? ';' : '?');
        return params < 0 ? jdbcUrl : jdbcUrl.substring(0, params);
    }
}
