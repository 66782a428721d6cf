package dev.steward.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.server.TestDatastores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Group commits on a real datastore: one faulty write fails alone, a full queue refuses at once. */
class GroupCommitterTest {
    @TempDir
    Path dir;

    private static GroupCommitter.Applier<Integer, Integer> inserter() {
        return (h, ids) -> {
            List<Integer> results = new ArrayList<>();
            for (int id : ids) {
                // A negative id violates the check below: the statement fails, like a write the datastore refuses.
                h.execute("INSERT INTO probe (id) VALUES (?)", id);
                results.add(id);
            }
            return results;
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aRefusedWriteFailsAloneAndTheRestOfItsGroupIsStored(String kind) throws Exception {
        try (Datastore datastore = Datastore.open(TestDatastores.create(kind, dir))) {
            datastore.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (id INT PRIMARY KEY CHECK (id >= 0))"));
            // A long linger and a first slow commit make the writes queue up and form one group.
            try (GroupCommitter<Integer, Integer> committer = new GroupCommitter<>("test", datastore.transactions(),
                    inserter(), new GroupCommitter.Limits(100, 1000, 100, 1000, Duration.ofMillis(300), Duration.ZERO))) {
                List<CompletableFuture<Integer>> futures = new ArrayList<>();
                for (int id : new int[] {1, 2, -3, 4, 5}) {
                    futures.add(committer.submit(id, 1));
                }
                for (int i : new int[] {0, 1, 3, 4}) {
                    assertThat(futures.get(i).get(30, TimeUnit.SECONDS)).isIn(1, 2, 4, 5);
                }
                assertThatThrownBy(() -> futures.get(2).join()).isInstanceOf(CompletionException.class);
                assertThat(committer.stats().isolatedRetries()).as("the failed group was applied write by write")
                        .isEqualTo(5);
            }
            List<Integer> stored = datastore.jdbi().withHandle(h -> h.createQuery("SELECT id FROM probe ORDER BY id")
                    .mapTo(Integer.class).list());
            assertThat(stored).containsExactly(1, 2, 4, 5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void aFullQueueRefusesAtOnceAndNothingQueuedIsLost(String kind) throws Exception {
        try (Datastore datastore = Datastore.open(TestDatastores.create(kind, dir))) {
            datastore.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (id INT PRIMARY KEY CHECK (id >= 0))"));
            // Each group takes 300 ms (a slow datastore) and holds one write; at most 2 wait.
            try (GroupCommitter<Integer, Integer> committer = new GroupCommitter<>("test", datastore.transactions(),
                    inserter(), new GroupCommitter.Limits(2, 1000, 1, 1000, Duration.ZERO, Duration.ofMillis(300)))) {
                List<CompletableFuture<Integer>> accepted = new ArrayList<>();
                int refused = 0;
                for (int id = 0; id < 20; id++) {
                    try {
                        accepted.add(committer.submit(id, 1));
                    } catch (GroupCommitter.Overloaded e) {
                        refused++;
                    }
                }
                assertThat(refused).as("writes refused while the queue was full").isGreaterThanOrEqualTo(16);
                assertThat(committer.stats().maxQueued()).isLessThanOrEqualTo(2);
                for (CompletableFuture<Integer> future : accepted) {
                    future.get(30, TimeUnit.SECONDS);
                }
                int stored = datastore.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM probe")
                        .mapTo(Integer.class).one());
                assertThat(stored).isEqualTo(accepted.size());
            }
        }
    }
}
