package dev.steward.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded SQLite file is compacted at start when most of it is free pages, and left alone otherwise. */
class SqliteCompactionTest {
    private static final long MB = 1024 * 1024;

    @Test
    void aFileThatIsMostlyDeletedRowsIsCompactedAndKeepsItsData(@TempDir Path dir) throws Exception {
        DatastoreConfig config = DatastoreConfig.embedded(dir);
        assertThat(config.isSqlite()).as("a new data directory gets SQLite").isTrue();
        Datastore.open(config).close();   // the server's schema, as at every start
        fill(config, 4_000, 3_500);       // ~12 MB written, seven eighths deleted (as retention does)
        Path file = dir.resolve(DatastoreConfig.SQLITE_FILE);
        long before = Files.size(file);
        assertThat(before).isGreaterThan(8 * MB);

        H2Compaction.Outcome outcome = SqliteCompaction.compactIfWasteful(config, 4 * MB, 1024 * MB);

        assertThat(outcome.action()).isEqualTo("compacted");
        assertThat(outcome.after()).isEqualTo(Files.size(file)).isLessThan(before / 3);
        try (Datastore datastore = Datastore.open(config)) {
            long count = datastore.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM filler").mapTo(Long.class).one());
            assertThat(count).isEqualTo(500L);
        }
        assertThat(SqliteCompaction.compactIfWasteful(config, 4 * MB, 1024 * MB).action()).isIn("small", "mostly live");
    }

    @Test
    void aMostlyLiveFileOrATooLargeOneIsLeftAlone(@TempDir Path dir) throws Exception {
        DatastoreConfig config = DatastoreConfig.embedded(dir);
        fill(config, 3_000, 250);
        Path file = dir.resolve(DatastoreConfig.SQLITE_FILE);
        long size = Files.size(file);
        assertThat(SqliteCompaction.compactIfWasteful(config, 4 * MB, 1024 * MB).action()).isEqualTo("mostly live");
        assertThat(SqliteCompaction.compactIfWasteful(config, size + 1, 1024 * MB).action()).isEqualTo("small");
        fill(config, 0, 2_650);
        assertThat(SqliteCompaction.compactIfWasteful(config, 4 * MB, 1).action()).isEqualTo("too large to compact at start");
        assertThat(Files.size(file)).isEqualTo(size);
    }

    @Test
    void anExistingH2DataDirectoryKeepsH2AndOnlySqliteFilesAreConsidered(@TempDir Path dir) throws Exception {
        Files.createFile(dir.resolve(DatastoreConfig.H2_FILE));
        assertThat(DatastoreConfig.embedded(dir).isH2()).isTrue();
        assertThat(SqliteCompaction.fileOf("jdbc:sqlite:/var/lib/steward/steward.db?journal_mode=WAL"))
                .isEqualTo(Path.of("/var/lib/steward/steward.db"));
        assertThat(SqliteCompaction.fileOf("jdbc:sqlite::memory:")).isNull();
        assertThat(SqliteCompaction.fileOf("jdbc:h2:file:/x/steward")).isNull();
        assertThat(SqliteCompaction.compactIfWasteful(DatastoreConfig.embedded(dir)).action()).isEqualTo("not an embedded SQLite file");
    }

    /** Adds {@code insert} rows of ~3 KB of incompressible text, then deletes the {@code delete} oldest. */
    private static void fill(DatastoreConfig config, int insert, int delete) throws Exception {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
            c.setAutoCommit(false);
            Random random = new Random(7);
            try (PreparedStatement add = c.prepareStatement("INSERT INTO filler (body) VALUES (?)")) {
                for (int i = 0; i < insert; i++) {
                    byte[] bytes = new byte[1_500];
                    random.nextBytes(bytes);
                    add.setString(1, HexFormat.of().formatHex(bytes));
                    add.executeUpdate();
                }
            }
            s.execute("DELETE FROM filler WHERE id IN (SELECT id FROM filler ORDER BY id LIMIT " + delete + ")");
            c.commit();
            c.setAutoCommit(true);
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM filler")) {
                rs.next();
            }
        }
    }
}
