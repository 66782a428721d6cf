package dev.steward.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default's promises: durable commits, foreign keys, one writer at a time, nothing held after a commit. */
class SqliteDatastoreTest {

    @Test
    void everyConnectionIsDurableAndChecksForeignKeysEvenFromAHandWrittenUrl(@TempDir Path dir) {
        DatastoreConfig handWritten = new DatastoreConfig("jdbc:sqlite:" + dir.resolve("x.db") + "?synchronous=OFF&cache_size=-2000", "", "");
        assertThat(handWritten.jdbcUrl()).contains("cache_size=-2000").doesNotContain("synchronous=OFF");
        for (DatastoreConfig config : new DatastoreConfig[] {DatastoreConfig.embedded(dir), handWritten}) {
            try (Datastore datastore = Datastore.open(config)) {
                datastore.jdbi().useHandle(h -> {
                    assertThat(h.createQuery("PRAGMA journal_mode").mapTo(String.class).one()).isEqualToIgnoringCase("wal");
                    assertThat(h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one()).as("FULL").isEqualTo(2);
                    assertThat(h.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one()).isEqualTo(1);
                    assertThat(h.createQuery("PRAGMA busy_timeout").mapTo(Integer.class).one()).isEqualTo(10_000);
                });
            }
        }
    }

    @Test
    void aTransactionHoldsTheWriteLockFromItsStartAndReleasesItAtCommitOrFailure(@TempDir Path dir) throws Exception {
        DatastoreConfig config = DatastoreConfig.embedded(dir);
        try (Datastore datastore = Datastore.open(config);
             Connection other = DriverManager.getConnection(config.jdbcUrl().replace("busy_timeout=10000", "busy_timeout=0"))) {
            datastore.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (id INTEGER PRIMARY KEY)"));
            datastore.transactions().useTransaction(h -> {
                // Nothing written yet, and still another connection cannot begin writing: the lock was taken at BEGIN.
                assertThatThrownBy(() -> beginImmediate(other)).hasMessageContaining("SQLITE_BUSY");
                h.execute("INSERT INTO probe (id) VALUES (1)");
            });
            beginImmediate(other); // free at once after the commit: no transaction was re-opened
            rollback(other);

            assertThatThrownBy(() -> datastore.transactions().useTransaction(h -> {
                h.execute("INSERT INTO probe (id) VALUES (2)");
                throw new IllegalStateException("fails after a write");
            })).hasMessage("fails after a write");
            beginImmediate(other); // rolled back and released
            rollback(other);
            assertThat(count(datastore))
                    .as("the failed transaction's write was rolled back").isEqualTo(1);

            // A nested transaction joins the outer one.
            datastore.transactions().useTransaction(h -> {
                h.execute("INSERT INTO probe (id) VALUES (3)");
                h.inTransaction(inner -> inner.execute("INSERT INTO probe (id) VALUES (4)"));
            });
            assertThat(count(datastore))
                    .isEqualTo(3);
        }
    }

    @Test
    void aWriterThatCannotGetTheLockIsReportedAsBusy(@TempDir Path dir) throws Exception {
        DatastoreConfig config = DatastoreConfig.sqlite(dir.resolve("busy.db"));
        try (Datastore datastore = Datastore.open(config); Connection holder = DriverManager.getConnection(config.jdbcUrl())) {
            datastore.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (id INTEGER PRIMARY KEY)"));
            try (Statement s = holder.createStatement()) {
                s.execute("PRAGMA busy_timeout=0");
            }
            beginImmediate(holder);
            try (Connection waiter = DriverManager.getConnection(config.jdbcUrl()); Statement s = waiter.createStatement()) {
                s.execute("PRAGMA busy_timeout=50");
                assertThatThrownBy(() -> s.execute("INSERT INTO probe (id) VALUES (1)")).satisfies(e -> assertThat(SqlErrors.isBusy(e)).isTrue());
            }
            rollback(holder);
        }
    }

    /**
     * Many more virtual threads than carriers writing at once, while the writer holding the lock sleeps
     * inside its transaction (as a transaction waiting on something else does): every one commits. Waiting
     * in SQLite's busy handler pinned the carriers, the holder could not run to its commit, and the waiters
     * failed as busy after 10 s; waiting for {@link SqliteWriteLock} parks them instead.
     */
    @Test
    void writersOnVirtualThreadsQueueWithoutPinningTheHolderOut(@TempDir Path dir) throws Exception {
        try (Datastore datastore = Datastore.open(DatastoreConfig.sqlite(dir.resolve("pinned.db")))) {
            datastore.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (id INTEGER PRIMARY KEY)"));
            int writers = 4 * Runtime.getRuntime().availableProcessors() + 4;
            java.util.List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
            Thread holder = Thread.ofVirtual().start(() -> {
                try {
                    datastore.transactions().useTransaction(h -> {
                        h.execute("INSERT INTO probe (id) VALUES (0)");
                        holding.countDown();
                        sleep(500);
                    });
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            });
            holding.await();
            java.util.List<Thread> threads = new java.util.ArrayList<>();
            for (int i = 1; i <= writers; i++) {
                int id = i;
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        if (id % 2 == 0) {
                            datastore.transactions().useTransaction(h -> h.execute("INSERT INTO probe (id) VALUES (?)", id));
                        } else { // a write outside any transaction waits the same way
                            datastore.jdbi().useHandle(h -> h.execute("INSERT INTO probe (id) VALUES (?)", id));
                        }
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }));
            }
            holder.join();
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(failures).as("writes that failed (busy: the holder could not reach its commit)").isEmpty();
            assertThat(count(datastore)).isEqualTo(writers + 1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int count(Datastore datastore) {
        return datastore.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM probe").mapTo(Integer.class).one());
    }

    private static void beginImmediate(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
    }

    private static void rollback(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        }
    }
}
