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

/** The embedded H2 file is compacted at start when most of it is dead space, and left alone otherwise. */
class H2CompactionTest {
    private static final long MB = 1024 * 1024;

    @Test
    void aFileThatIsMostlyDeletedRowsIsCompactedAndKeepsItsData(@TempDir Path dir) throws Exception {
        DatastoreConfig config = DatastoreConfig.embeddedH2(dir);
        Datastore.open(config).close();   // the server's schema, as at every start
        fill(config, 4_000, 3_500);       // ~12 MB written, seven eighths deleted (as retention does)
        Path file = dir.resolve("steward.mv.db");
        long before = Files.size(file);
        assertThat(before).isGreaterThan(8 * MB);

        H2Compaction.Outcome outcome = H2Compaction.compactIfWasteful(config, 4 * MB, 1024 * MB);

        assertThat(outcome.action()).isEqualTo("compacted");
        assertThat(outcome.before()).isEqualTo(before);
        assertThat(outcome.after()).isEqualTo(Files.size(file)).isLessThan(before / 3);
        assertThat(rows(config)).isEqualTo(500);
        // The datastore opens normally on the compacted file (migrations included).
        try (Datastore datastore = Datastore.open(config)) {
            long count = datastore.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM filler").mapTo(Long.class).one());
            assertThat(count).isEqualTo(500L);
        }
        // Compacted: a second start finds nothing to do.
        assertThat(H2Compaction.compactIfWasteful(config, 4 * MB, 1024 * MB).action()).isIn("small", "mostly live");
    }

    @Test
    void aMostlyLiveFileASmallFileOrATooLargeOneIsLeftAlone(@TempDir Path dir) throws Exception {
        DatastoreConfig config = DatastoreConfig.embeddedH2(dir);
        fill(config, 3_000, 250);
        Path file = dir.resolve("steward.mv.db");
        long size = Files.size(file);
        H2Compaction.Outcome live = H2Compaction.compactIfWasteful(config, 4 * MB, 1024 * MB);
        assertThat(live.action()).isEqualTo("mostly live");
        assertThat(live.estimatedLive()).isGreaterThan(size / 2);
        long now = Files.size(file);
        assertThat(H2Compaction.compactIfWasteful(config, now + 1, 1024 * MB).action()).isEqualTo("small");
        assertThat(Files.size(file)).isEqualTo(now);

        fill(config, 0, 2_650);   // now mostly deleted, but the live data is above the (tiny) limit for a start
        assertThat(H2Compaction.compactIfWasteful(config, 4 * MB, 1).action()).isEqualTo("too large to compact at start");
        assertThat(rows(config)).isEqualTo(100);
    }

    @Test
    void onlyEmbeddedFilesAreConsidered(@TempDir Path dir) {
        assertThat(H2Compaction.fileOf("jdbc:h2:file:/var/lib/steward/steward;CACHE_SIZE=65536"))
                .isEqualTo(Path.of("/var/lib/steward/steward.mv.db"));
        assertThat(H2Compaction.fileOf("jdbc:h2:/data/steward")).isEqualTo(Path.of("/data/steward.mv.db"));
        assertThat(H2Compaction.fileOf("jdbc:h2:mem:test")).isNull();
        assertThat(H2Compaction.fileOf("jdbc:h2:tcp://db/steward")).isNull();
        assertThat(H2Compaction.fileOf("jdbc:postgresql://db:5432/steward")).isNull();
        assertThat(H2Compaction.compactIfWasteful(new DatastoreConfig("jdbc:postgresql://127.0.0.1:1/none", "u", "p")).action())
                .isEqualTo("not an embedded H2 file");
        assertThat(H2Compaction.compactIfWasteful(DatastoreConfig.embeddedH2(dir)).action()).isEqualTo("no file yet");
    }

    /**
     * Adds {@code insert} rows of ~3 KB of incompressible text, then deletes the {@code delete} oldest. H2's own
     * background compaction is off meanwhile, so the dead space stays, as in a file that grew over months.
     */
    private static void fill(DatastoreConfig config, int insert, int delete) throws Exception {
        Random random = new Random(7);
        try (Connection c = DriverManager.getConnection(config.jdbcUrl() + ";AUTO_COMPACT_FILL_RATE=0;MAX_COMPACT_TIME=0",
                config.user(), config.password()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS filler (id INT PRIMARY KEY, body VARCHAR(4000))");
            int start;
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), -1) + 1 FROM filler")) {
                rs.next();
                start = rs.getInt(1);
            }
            try (PreparedStatement insertRow = c.prepareStatement("INSERT INTO filler VALUES (?, ?)")) {
                byte[] bytes = new byte[1500];
                for (int i = 0; i < insert; i++) {
                    random.nextBytes(bytes);
                    insertRow.setInt(1, start + i);
                    insertRow.setString(2, HexFormat.of().formatHex(bytes));
                    insertRow.addBatch();
                    if (i % 500 == 499) {
                        insertRow.executeBatch();
                    }
                }
                insertRow.executeBatch();
            }
            s.execute("DELETE FROM filler WHERE id IN (SELECT id FROM filler ORDER BY id LIMIT " + delete + ")");
        }
    }

    private static long rows(DatastoreConfig config) throws Exception {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM filler")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
