package dev.steward.agent.spool;

import dev.steward.agent.identity.StateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which runs this agent has taken on. Delivery is at-least-once, so the same assignment can arrive
 * twice; the journal makes the agent run it once. An entry still "accepted" after a restart is a run
 * the agent was executing when it stopped.
 */
public final class RunJournal {
    private static final String ACCEPTED = "accepted";
    private static final String DONE = "done";
    private static final Duration KEEP_DONE = Duration.ofDays(7);
    private final Path dir;

    public RunJournal(Path stateDir) {
        this.dir = stateDir.resolve("runs");
    }

    /** Records the run as taken; false if it already was. */
    public synchronized boolean accept(String runId) {
        if (Files.exists(file(runId))) {
            return false;
        }
        StateFiles.writeAtomically(file(runId), ACCEPTED, false);
        return true;
    }

    /** Whether the run was finished here and its result handed over (acknowledged, or set aside as refused). */
    public synchronized boolean isDone(String runId) {
        try {
            return Files.exists(file(runId)) && Files.readString(file(runId)).equals(DONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void done(String runId) {
        StateFiles.writeAtomically(file(runId), DONE, false);
    }

    /** Runs that were accepted but never finished (the agent stopped while they ran). */
    public synchronized List<String> interrupted() {
        List<String> runs = new ArrayList<>();
        for (Path file : entries()) {
            try {
                if (Files.readString(file).equals(ACCEPTED)) {
                    runs.add(file.getFileName().toString());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return runs;
    }

    /** Forgets finished runs after a week so the journal stays small. */
    public synchronized void prune(Instant now) {
        for (Path file : entries()) {
            try {
                if (Files.readString(file).equals(DONE)
                        && Files.getLastModifiedTime(file).toInstant().plus(KEEP_DONE).isBefore(now)) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private List<Path> entries() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> !f.getFileName().toString().endsWith(".tmp")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String runId) {
        if (!runId.matches("[0-9a-f-]{36}")) {
            throw new IllegalArgumentException("not a run id: " + runId);
        }
        return dir.resolve(runId);
    }
}
