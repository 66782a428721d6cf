package dev.steward.server.store;

import java.nio.file.Path;

/**
 * Where the datastore lives. The default is an embedded SQLite file inside the server's data directory;
 * a data directory that already holds an H2 datastore (from before SQLite became the default) keeps it.
 */
public record DatastoreConfig(String jdbcUrl, String user, String password) {
    /** The embedded default's file in the data directory. */
    public static final String SQLITE_FILE = "steward.db";
    /** The H2 file of data directories made before SQLite became the default. */
    public static final String H2_FILE = "steward.mv.db";

    /**
     * What every SQLite connection needs, whatever URL it was given: durability, the write-lock wait and
     * foreign keys are promises the rest of the server relies on, so a URL cannot switch them off.
     */
    private static final String SQLITE_SETTINGS = "journal_mode=WAL&synchronous=FULL&busy_timeout=10000&foreign_keys=true";

    public DatastoreConfig {
        if (jdbcUrl == null || !(jdbcUrl.startsWith("jdbc:sqlite:") || jdbcUrl.startsWith("jdbc:h2:")
                || jdbcUrl.startsWith("jdbc:postgresql:"))) {
            throw new IllegalArgumentException("--datastore must be a jdbc:postgresql://…, jdbc:sqlite:… or jdbc:h2:… URL, got '"
                    + jdbcUrl + "'");
        }
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            jdbcUrl = withSqliteSettings(jdbcUrl);
        }
    }

    /** The URL's own parameters, then the required settings (later parameters win in sqlite-jdbc). */
    private static String withSqliteSettings(String url) {
        int params = url.indexOf('?');
        String own = params < 0 ? "" : url.substring(params + 1);
        String file = params < 0 ? url : url.substring(0, params);
        StringBuilder kept = new StringBuilder();
        for (String pair : own.split("&")) {
            String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (!pair.isEmpty() && !SQLITE_SETTINGS.contains(key + "=") && !key.equals("transaction_mode")) {
                kept.append(pair).append('&');
            }
        }
        return file + "?" + kept + SQLITE_SETTINGS;
    }

    /**
     * The embedded default: SQLite in the data directory, or the H2 datastore already there. SQLite does the
     * fan-out's writes 5–10× faster than H2 with far smaller files (BENCHMARKS.md, {@code bench/run engines}).
     * WAL mode with {@code synchronous=FULL}: a commit returns after its WAL frames are fsynced, so every
     * acknowledged write survives SIGKILL and power loss. Transactions take the single write lock when they
     * begin ({@link SqliteTransactions}); {@code busy_timeout}: how long a writer waits for that lock before
     * the datastore counts as unavailable (503). Timestamps are stored as epoch milliseconds.
     */
    public static DatastoreConfig embedded(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        if (java.nio.file.Files.exists(dir.resolve(H2_FILE)) && !java.nio.file.Files.exists(dir.resolve(SQLITE_FILE))) {
            return embeddedH2(dir);
        }
        return sqlite(dir.resolve(SQLITE_FILE));
    }

    /** An SQLite file with the settings {@link #embedded} describes. */
    public static DatastoreConfig sqlite(Path file) {
        return new DatastoreConfig("jdbc:sqlite:" + file.toAbsolutePath() + "?cache_size=-65536", "", "");
    }

    /**
     * The embedded H2 datastore of data directories made before SQLite became the default. A 64 MB page cache (H2's default is 16 MB) keeps the agents and open runs of a
     * large fleet in memory; a fan-out to thousands of agents otherwise re-reads pages from the file.
     * DB_CLOSE_ON_EXIT=FALSE: H2 would otherwise close the database in its own shutdown hook, while the
     * server's shutdown is still answering agents ("Database is already closed" during every restart);
     * the server closes it itself, last. WRITE_DELAY=2000: H2's background writer stores every 2 s instead
     * of every 0.5 s. Durability does not depend on it (commits are forced, or journaled, before an
     * answer: {@link DurableCommits}, {@link RedoJournal}); each store rewrites every page changed since
     * the last, so fewer stores during a fan-out write the same hot index pages fewer times.
     */
    public static DatastoreConfig embeddedH2(Path dataDir) {
        return new DatastoreConfig("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("steward")
                + ";CACHE_SIZE=65536;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=2000", "steward", "");
    }

    public boolean isPostgres() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    public boolean isSqlite() {
        return jdbcUrl.startsWith("jdbc:sqlite:");
    }

    public boolean isH2() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    /** The URL without credentials or parameters, safe to print. */
    public String displayUrl() {
        int params = jdbcUrl.indexOf(isH2() ? ';' : '?');
        return params < 0 ? jdbcUrl : jdbcUrl.substring(0, params);
    }
}
