package dev.steward.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The real agent's run journal ({@code STATE_DIR/runs/<run id>}), read from outside. The agent writes
 * "done" only after the check-in carrying the run's result was answered with 200 (or after it set a refused
 * result aside, which the scenario checks separately), so a done entry is a result the server acknowledged.
 */
final class AgentJournal {
    private final Path dir;
    private final Set<String> done = new HashSet<>();

    AgentJournal(Path stateDir) {
        this.dir = stateDir.resolve("runs");
    }

    /** Every run the journal says is done, as of now. */
    Set<String> done() {
        if (!Files.isDirectory(dir)) {
            return Set.copyOf(done);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String run = file.getFileName().toString();
                if (!run.endsWith(".tmp") && !done.contains(run) && "done".equals(read(file))) {
                    done.add(run);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Set.copyOf(done);
    }

    /** Waits until some run not in {@code known} is done; false if none within the timeout. */
    boolean awaitDoneBeyond(Set<String> known, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!known.containsAll(done())) {
                return true;
            }
            StewardProcess.sleep(10);
        }
        return false;
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return null; // pruned or being replaced: looked at again next time
        }
    }
}
