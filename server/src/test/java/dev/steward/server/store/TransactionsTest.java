package dev.steward.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.server.TestDatastores;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deadlocks and serialization failures are retried a bounded number of times instead of becoming a 500. */
class TransactionsTest {
    @TempDir
    Path dir;

    @Test
    void aDeadlockOnPostgresqlIsRetriedAndBothTransactionsCommit() throws Exception {
        try (Datastore datastore = Datastore.open(TestDatastores.postgres())) {
            datastore.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE pair (id INT PRIMARY KEY, n INT NOT NULL)");
                h.execute("INSERT INTO pair VALUES (1, 0), (2, 0)");
            });
            CyclicBarrier bothHoldOneRow = new CyclicBarrier(2);
            AtomicInteger attempts = new AtomicInteger();
            // Opposite lock order: PostgreSQL detects the deadlock and aborts one transaction (40P01).
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                CompletableFuture<Void> first = CompletableFuture.runAsync(
                        () -> lockBoth(datastore, 1, 2, bothHoldOneRow, attempts), threads);
                CompletableFuture<Void> second = CompletableFuture.runAsync(
                        () -> lockBoth(datastore, 2, 1, bothHoldOneRow, attempts), threads);
                first.get(60, TimeUnit.SECONDS);
                second.get(60, TimeUnit.SECONDS);
            }
            assertThat(attempts.get()).as("one of them ran again").isGreaterThan(2);
            int total = datastore.jdbi().withHandle(h -> h.createQuery("SELECT SUM(n) FROM pair").mapTo(Integer.class).one());
            assertThat(total).as("each transaction committed exactly once").isEqualTo(4);
        }
    }

    private static void lockBoth(Datastore datastore, int a, int b, CyclicBarrier barrier, AtomicInteger attempts) {
        datastore.transactions().useTransaction(h -> {
            boolean firstAttempt = attempts.incrementAndGet() <= 2;
            h.execute("UPDATE pair SET n = n + 1 WHERE id = ?", a);
            if (firstAttempt) {
                try {
                    barrier.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            h.execute("UPDATE pair SET n = n + 1 WHERE id = ?", b);
        });
    }

    @Test
    void otherFailuresAreNotRetried() {
        try (Datastore datastore = Datastore.open(DatastoreConfig.embedded(dir))) {
            AtomicInteger attempts = new AtomicInteger();
            assertThatThrownBy(() -> datastore.transactions().useTransaction(h -> {
                attempts.incrementAndGet();
                h.execute("INSERT INTO no_such_table VALUES (1)");
            })).isNotNull();
            assertThat(attempts.get()).isEqualTo(1);
        }
    }
}
