package dev.steward.agent.spool;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steward.agent.identity.StateFiles;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finished results wait here, on disk, until the server has acknowledged them. A result is written
 * before the first delivery attempt and removed only after a 200, so a crash or an unreachable server
 * loses nothing; the server ingests by run id, so a resend after a lost acknowledgement duplicates nothing.
 */
public final class ResultSpool {
    private static final Logger LOG = LoggerFactory.getLogger(ResultSpool.class);
    private final Path dir;

    public ResultSpool(Path stateDir) {
        this.dir = stateDir.resolve("spool");
    }

    public void save(RunResult result) {
        try {
            StateFiles.writeAtomically(file(result.runId()), Wire.json().writeValueAsString(result), false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode result of run " + result.runId(), e);
        }
    }

    public boolean contains(String runId) {
        return Files.exists(file(runId));
    }

    public List<RunResult> pending() {
        return pending(Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * The oldest spooled results, at most {@code maxCount} and about {@code maxBytes} of them (always at
     * least one, which {@link ResultBudget} keeps deliverable on its own).
     */
    public List<RunResult> pending(int maxCount, long maxBytes) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<RunResult> results = new ArrayList<>();
        long bytes = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                long size = Files.size(file);
                if (!results.isEmpty() && (results.size() >= maxCount || bytes + size > maxBytes)) {
                    break;
                }
                try {
                    results.add(Wire.json().readValue(file.toFile(), RunResult.class));
                    bytes += size;
                } catch (IOException e) {
                    LOG.error("spooled result {} is unreadable and is kept for inspection as {}.bad", file, file, e);
                    Files.move(file, file.resolveSibling(file.getFileName() + ".bad"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the result spool " + dir, e);
        }
        return results;
    }

    public int size() {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".json")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The server refused this result on its own, so resending it can never succeed. It moves to
     * {@code spool/rejected/} with the server's reason beside it, out of the way of every other result.
     */
    public Path quarantine(String runId, String reason) {
        Path rejected = dir.resolve("rejected");
        try {
            Files.createDirectories(rejected);
            Path target = rejected.resolve(runId + ".json");
            Files.move(file(runId), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(rejected.resolve(runId + ".reason"), reason + "\n");
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside spooled result " + runId, e);
        }
    }

    public void remove(String runId) {
        try {
            Files.deleteIfExists(file(runId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove spooled result " + runId, e);
        }
    }

    private Path file(String runId) {
        return dir.resolve(runId + ".json");
    }
}
