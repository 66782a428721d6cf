package dev.steward.agent.resource;

import dev.steward.agent.exec.CancellationToken;
import dev.steward.agent.exec.ResourceProvider;
import dev.steward.agent.exec.ResourceUnavailableException;
import dev.steward.agent.identity.StateFiles;
import dev.steward.agent.transport.ResponseTooLargeException;
import dev.steward.agent.transport.ServerRejectedException;
import dev.steward.agent.transport.ServerUnreachableException;
import dev.steward.protocol.ResourceRef;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources on this agent, one file per content under {@code STATE_DIR/resources/<sha256>} (owner-only),
 * so a resource used by many runs is downloaded once. What is used is what was announced: a download is
 * hashed as it is written and only a file with the announced SHA-256 and size gets its final name (by an
 * atomic rename); a cached file is hashed again the first time it is used after the agent starts, since
 * it may have been damaged while the agent was not looking, and after that only its size is checked.
 * <p>
 * Concurrent runs needing the same content wait for one download. The cache is bounded: beyond
 * {@code maxBytes} the least recently used files go, never one in use (leased), so never the one just
 * obtained, even if it alone is larger than the bound. Last use is the file's modification time, so the
 * order survives restarts.
 */
public final class ResourceCache implements ResourceProvider {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceCache.class);

    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Downloads in progress; a leftover after a crash is removed at the next start. */
    private static final String PARTIAL = ".part";

    private final Path dir;
    private final ResourceSource source;
    private final long maxBytes;
    private final Clock clock;
    /** Contents hashed (downloaded or checked) since the agent started. */
    private final Set<String> verified = ConcurrentHashMap.newKeySet();
    /** Contents being obtained or leased, by hash. Guarded by {@code this}, as is eviction. */
    private final Map<String, Use> inUse = new HashMap<>();

    /** A content's users; the lock makes one of them download while the others wait. */
    private static final class Use {
        int holders;
        final ReentrantLock fetching = new ReentrantLock();
    }

    public ResourceCache(Path stateDir, ResourceSource source) {
        this(stateDir, source, DEFAULT_MAX_BYTES, Clock.systemUTC());
    }

    ResourceCache(Path stateDir, ResourceSource source, long maxBytes, Clock clock) {
        this.dir = stateDir.resolve("resources");
        this.source = source;
        this.maxBytes = maxBytes;
        this.clock = clock;
        StateFiles.createPrivateDirectory(dir);
        removePartialDownloads();
        evictBeyondLimit();
    }

    @Override
    public Lease obtain(ResourceRef ref, String runId, CancellationToken cancel) throws ResourceUnavailableException {
        String sha256 = checkAnnounced(ref);
        Use use = pin(sha256);
        try {
            Path file = dir.resolve(sha256);
            boolean downloaded = false;
            lock(use, ref, cancel);
            try {
                if (!usable(file, ref)) {
                    download(ref, runId, cancel, file);
                    downloaded = true;
                }
                Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
            } catch (IOException e) {
                throw new ResourceUnavailableException("cannot use the cached copy of resource '" + ref.name() + "' in "
                        + dir + ": " + e, e);
            } finally {
                use.fetching.unlock();
            }
            if (downloaded) {
                evictBeyondLimit();
            }
            return new Lease(file, () -> unpin(sha256));
        } catch (ResourceUnavailableException | RuntimeException e) {
            unpin(sha256);
            throw e;
        }
    }

    /** The hash names a file here: it must be exactly what a SHA-256 looks like, never a path. */
    private static String checkAnnounced(ResourceRef ref) throws ResourceUnavailableException {
        if (ref == null || !ref.resolved()) {
            throw new ResourceUnavailableException("resource '" + (ref == null ? null : ref.name())
                    + "' arrived without its sha256 and size; the server must resolve it before offering the run");
        }
        if (!SHA256.matcher(ref.sha256()).matches() || ref.size() < 0) {
            throw new ResourceUnavailableException("resource '" + ref.name() + "' arrived with an invalid sha256 or size ('"
                    + ref.sha256() + "', " + ref.size() + ")");
        }
        return ref.sha256();
    }

    /** Waits for another run downloading the same content, unless this one is cancelled meanwhile. */
    private static void lock(Use use, ResourceRef ref, CancellationToken cancel) throws ResourceUnavailableException {
        try {
            while (!use.fetching.tryLock(100, TimeUnit.MILLISECONDS)) {
                if (cancel.isCancelled()) {
                    throw new ResourceUnavailableException("stopped waiting for resource '" + ref.name() + "'");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResourceUnavailableException("interrupted waiting for resource '" + ref.name() + "'", e);
        }
    }

    /** A cached file is usable if it has the announced size and, once per agent start, the announced hash. */
    private boolean usable(Path file, ResourceRef ref) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        String sha256 = ref.sha256();
        long size = Files.size(file);
        if (size == ref.size() && (verified.contains(sha256) || sha256(file).equals(sha256))) {
            verified.add(sha256);
            return true;
        }
        LOG.warn("cached resource {} ('{}') does not match what the server announced ({} bytes, {} announced); "
                + "downloading it again", sha256, ref.name(), size, ref.size());
        verified.remove(sha256);
        Files.delete(file);
        return false;
    }

    private void download(ResourceRef ref, String runId, CancellationToken cancel, Path file)
            throws ResourceUnavailableException {
        String name = ref.name();
        Path partial = null;
        try {
            partial = Files.createTempFile(dir, ref.sha256() + "-", PARTIAL); // owner-only, like the directory
            MessageDigest digest = newDigest();
            try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(partial)),
                    digest)) {
                source.fetch(ref, runId, out, cancel.onCancel());
            }
            long size = Files.size(partial);
            if (size != ref.size()) {
                throw new ResourceUnavailableException("resource '" + name + "' downloaded with " + size
                        + " bytes but the server announced " + ref.size());
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(ref.sha256())) {
                throw new ResourceUnavailableException("resource '" + name + "' downloaded with sha256 " + actual
                        + " but the server announced " + ref.sha256());
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            verified.add(ref.sha256());
            LOG.info("resource '{}' downloaded ({} bytes, sha256 {})", name, size, ref.sha256());
        } catch (ServerRejectedException e) {
            throw new ResourceUnavailableException("the server refused resource '" + name + "' (HTTP " + e.status()
                    + "): " + e.getMessage(), e);
        } catch (ServerUnreachableException e) {
            throw new ResourceUnavailableException("cannot download resource '" + name + "': " + e.getMessage(), e);
        } catch (ResponseTooLargeException e) {
            throw new ResourceUnavailableException("resource '" + name + "' is larger than the " + ref.size()
                    + " bytes the server announced; refused", e);
        } catch (CancellationException e) {
            throw new ResourceUnavailableException("the download of resource '" + name + "' was stopped", e);
        } catch (IOException | UncheckedIOException e) {
            throw new ResourceUnavailableException("cannot store resource '" + name + "' in " + dir + ": " + e, e);
        } catch (RuntimeException e) {
            // Whatever else went wrong fails this task, not the whole run.
            throw new ResourceUnavailableException("cannot download resource '" + name + "': " + e, e);
        } finally {
            deleteQuietly(partial);
        }
    }

    private synchronized Use pin(String sha256) {
        Use use = inUse.computeIfAbsent(sha256, k -> new Use());
        use.holders++;
        return use;
    }

    private synchronized void unpin(String sha256) {
        Use use = inUse.get(sha256);
        if (use != null && --use.holders == 0) {
            inUse.remove(sha256);
        }
    }

    /** Removes least recently used files until the cache fits, skipping any in use. */
    private synchronized void evictBeyondLimit() {
        record Entry(Path file, String sha256, long size, FileTime used) {
        }
        List<Entry> entries = new ArrayList<>();
        long total = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (!SHA256.matcher(name).matches()) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                entries.add(new Entry(file, name, attributes.size(), attributes.lastModifiedTime()));
                total += attributes.size();
            }
        } catch (IOException e) {
            LOG.warn("cannot list the resource cache {} to keep it under {} bytes", dir, maxBytes, e);
            return;
        }
        entries.sort(Comparator.comparing(Entry::used));
        for (Entry entry : entries) {
            if (total <= maxBytes) {
                break;
            }
            if (inUse.containsKey(entry.sha256())) {
                continue;
            }
            try {
                Files.deleteIfExists(entry.file());
                verified.remove(entry.sha256());
                total -= entry.size();
                LOG.info("resource {} ({} bytes) evicted from the cache", entry.sha256(), entry.size());
            } catch (IOException e) {
                LOG.warn("cannot evict {} from the resource cache", entry.file(), e);
            }
        }
    }

    private void removePartialDownloads() {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(file -> file.getFileName().toString().endsWith(PARTIAL)).forEach(ResourceCache::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("cannot list the resource cache {}", dir, e);
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}", file, e);
        }
    }
}
