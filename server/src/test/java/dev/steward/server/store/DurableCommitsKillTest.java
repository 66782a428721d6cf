package dev.steward.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every write the embedded datastore confirmed survives SIGKILL of the process that made it: a real
 * child JVM writes as fast as it can and is killed at a random instant shortly after a confirmation;
 * reopened, the datastore must hold every confirmed row. (Before commits were forced to disk, H2 kept
 * them in memory for up to its write delay and lost some in most cycles.) In journal mode the commits are
 * not forced; the redo journal is, and is applied again after the kill, as the server does at start.
 */
class DurableCommitsKillTest {
    private static final int CYCLES = 8;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"autocommit", "transaction", "group", "journal"})
    void confirmedWritesSurviveSigkill(String mode) throws Exception {
        Set<Integer> acked = ConcurrentHashMap.newKeySet();
        int next = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            next = runAndKill(mode, next, acked);
            Set<Integer> stored = stored(mode);
            Set<Integer> missing = new HashSet<>(acked);
            missing.removeAll(stored);
            assertThat(missing).as("confirmed writes lost after SIGKILL in cycle %d (%d confirmed so far)", cycle,
                    acked.size()).isEmpty();
        }
        assertThat(acked.size()).as("writes confirmed over all cycles").isGreaterThan(CYCLES * 5);
    }

    /** Starts the writer at id {@code start}, kills it soon after a random confirmation; returns the next free id. */
    private int runAndKill(String mode, int start, Set<Integer> acked) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                DurableWriterMain.class.getName(), dir.toString(), mode, Integer.toString(start))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int killAfter = ThreadLocalRandom.current().nextInt(5, 60);
        CountDownLatch enough = new CountDownLatch(killAfter);
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("acked ")) {
                        acked.add(Integer.parseInt(line.substring(6)));
                        enough.countDown();
                    }
                }
            } catch (Exception e) {
                // the pipe breaks when the child dies
            }
        });
        try {
            assertThat(enough.await(60, TimeUnit.SECONDS)).as("the writer confirmed %d writes", killAfter).isTrue();
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 300));
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(Duration.ofSeconds(10));
        }
        // A gap after the highest id a killed writer may have used.
        return acked.stream().mapToInt(Integer::intValue).max().orElse(start) + 100_000;
    }

    private Set<Integer> stored(String mode) {
        try (Datastore datastore = Datastore.open(DatastoreConfig.embeddedH2(dir))) {
            if (mode.equals("journal")) {
                DurableWriterMain.recoverJournal(datastore, dir).close();
            }
            List<Integer> ids = datastore.jdbi().withHandle(h -> h.createQuery("SELECT id FROM durability_probe")
                    .mapTo(Integer.class).list());
            return new HashSet<>(ids);
        }
    }
}
