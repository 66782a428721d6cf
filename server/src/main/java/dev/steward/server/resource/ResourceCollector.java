package dev.steward.server.resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes resource content nothing can use any more. Content is needed while a resource row (of any
 * tenant: the same bytes are stored once) points at it, or while an unfinished run was offered it (its
 * agent may still download it). Module versions name resources, not content: a task's resource is
 * resolved to the row's current content when the run is offered, so they pin nothing here.
 *
 * <p>Conservative by construction. Content is deleted only when, on two passes at least a grace period
 * apart, it was unreferenced (the first pass leaves a marker in {@code resources/unreferenced/}; a pass that
 * finds it referenced again removes the marker), and the file itself was not written or re-uploaded within
 * the grace period (by its modification time, which an upload of the same bytes refreshes). That covers a
 * run being offered content while its resource is being replaced, before the run records the offer. The
 * file is first moved aside and the rows checked once more, so an upload racing the deletion keeps its
 * content.
 */
public final class ResourceCollector {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceCollector.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHARD = Pattern.compile("[0-9a-f]{2}");
    /** A pass looks at no more content files than this (the rest wait for the next pass). */
    private static final int MAX_FILES_PER_PASS = 100_000;

    private final ResourceStore store;
    private final Path root;
    private final Path markers;
    private final Path incoming;

    public ResourceCollector(ResourceStore store, ResourceBlobs blobs) {
        this.store = store;
        this.root = blobs.root();
        this.markers = root.resolve("unreferenced");
        this.incoming = root.resolve("incoming");
        try {
            Files.createDirectories(markers);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + markers, e);
        }
    }

    /** What one pass did. */
    public record Collected(int deleted, long bytes, int markedUnreferenced) {
    }

    /**
     * One pass at {@code now}. {@code offeredToOpenRuns} gives the content hashes unfinished runs were
     * offered; it is asked only when some content is unreferenced by every resource row.
     */
    public Collected collect(Instant now, Duration grace, Supplier<Set<String>> offeredToOpenRuns) {
        Instant before = now.minus(grace);
        cleanIncoming(before);
        List<String> stored = storedHashes();
        Set<String> pointedAt = store.allHashes();
        List<String> candidates = stored.stream().filter(sha -> !pointedAt.contains(sha)).toList();
        Set<String> candidateSet = Set.copyOf(candidates);
        // A marker whose content is referenced again (or gone) no longer means anything.
        for (String marked : markerHashes()) {
            if (!candidateSet.contains(marked)) {
                deleteQuietly(markers.resolve(marked));
            }
        }
        if (candidates.isEmpty()) {
            return new Collected(0, 0, 0);
        }
        Set<String> offered = offeredToOpenRuns.get();
        int deleted = 0;
        int marked = 0;
        long bytes = 0;
        for (String sha : candidates) {
            Path marker = markers.resolve(sha);
            if (offered.contains(sha)) {
                deleteQuietly(marker);
                continue;
            }
            if (!Files.exists(marker)) {
                mark(marker, now);
                marked++;
                continue;
            }
            if (!olderThan(marker, before) || !olderThan(path(sha), before)) {
                continue;
            }
            long size = delete(sha, before);
            if (size >= 0) {
                deleted++;
                bytes += size;
                deleteQuietly(marker);
            }
        }
        if (deleted > 0) {
            LOG.info("resource content: deleted {} file(s) ({} bytes) no resource or open run has used for {}", deleted,
                    bytes, grace);
        }
        return new Collected(deleted, bytes, marked);
    }

    /**
     * Moves the file aside, checks the rows once more, then deletes it; puts it back if it was wanted
     * meanwhile. Returns the bytes freed, or -1 when it was kept.
     */
    private long delete(String sha, Instant before) {
        Path file = path(sha);
        Path aside = incoming.resolve("collect-" + sha);
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            LOG.warn("cannot move {} aside to delete it; keeping it", file, e);
            return -1;
        }
        try {
            // Re-uploaded just before the move (fresh time) or recorded by a row since: keep it.
            if (!olderThan(aside, before) || store.anyPointsAt(sha)) {
                restore(aside, file);
                return -1;
            }
            long size = Files.size(aside);
            Files.delete(aside);
            return size;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot finish deleting resource content {}; putting it back", sha, e);
            restore(aside, file);
            return -1;
        }
    }

    private static void restore(Path aside, Path file) {
        try {
            if (Files.exists(file)) {
                // An upload of the same bytes put a fresh copy in place meanwhile.
                Files.delete(aside);
            } else {
                Files.createDirectories(file.getParent());
                Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            LOG.error("cannot put resource content back from {} to {}; move it by hand", aside, file, e);
        }
    }

    /**
     * Interrupted uploads ({@code .part}) are deleted once older than the grace period. Content left aside
     * by an interrupted deletion is put back: the next passes decide about it from the start.
     */
    private void cleanIncoming(Instant before) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(incoming)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Path home = name.startsWith("collect-") ? path(name.substring("collect-".length())) : null;
                if (home != null) {
                    restore(file, home);
                } else if (name.endsWith(".part") && olderThan(file, before)) {
                    deleteQuietly(file);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}", incoming, e);
        }
    }

    private List<String> storedHashes() {
        List<String> hashes = new ArrayList<>();
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(root, p -> SHARD.matcher(p.getFileName().toString()).matches()
                && Files.isDirectory(p))) {
            for (Path shard : shards) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    for (Path file : files) {
                        String name = file.getFileName().toString();
                        if (SHA256.matcher(name).matches() && name.startsWith(shard.getFileName().toString())) {
                            hashes.add(name);
                            if (hashes.size() >= MAX_FILES_PER_PASS) {
                                return hashes;
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list resource content under " + root, e);
        }
        return hashes;
    }

    private List<String> markerHashes() {
        List<String> hashes = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(markers)) {
            for (Path file : files) {
                if (SHA256.matcher(file.getFileName().toString()).matches()) {
                    hashes.add(file.getFileName().toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}", markers, e);
        }
        return hashes;
    }

    private Path path(String sha) {
        return SHA256.matcher(sha).matches() ? root.resolve(sha.substring(0, 2)).resolve(sha) : null;
    }

    /** The marker's time is the pass's {@code now} (not the file system's), so a pass is judged by one clock. */
    private static void mark(Path marker, Instant now) {
        try {
            Files.write(marker, new byte[0]);
            Files.setLastModifiedTime(marker, FileTime.from(now));
        } catch (IOException e) {
            LOG.warn("cannot write {}", marker, e);
        }
    }

    /** False when the file is missing or unreadable: then nothing is deleted on its account. */
    private static boolean olderThan(Path file, Instant before) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(before);
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}", file, e);
        }
    }
}
