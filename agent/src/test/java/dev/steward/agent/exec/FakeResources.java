package dev.steward.agent.exec;

import dev.steward.protocol.ResourceRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the agent's resource cache: serves contents added with {@link #add}, records what was
 * asked for and how many leases are still open; a resource added with {@link #failing} fails with that
 * message, one added with {@link #hanging} blocks until the task's token is cancelled.
 */
final class FakeResources implements ResourceProvider {

    private final Path dir;
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final List<String> hanging = new CopyOnWriteArrayList<>();
    final List<String> requestedRuns = new CopyOnWriteArrayList<>();
    final List<String> requested = new CopyOnWriteArrayList<>();
    final AtomicInteger openLeases = new AtomicInteger();

    FakeResources(Path dir) {
        this.dir = dir;
    }

    ResourceRef add(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            Path file = Files.write(dir.resolve(name), bytes);
            files.put(name, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ResourceRef(name, sha256(bytes), (long) bytes.length);
    }

    ResourceRef failing(String name, String message) {
        failures.put(name, message);
        return new ResourceRef(name, "0".repeat(64), 1L);
    }

    ResourceRef hanging(String name) {
        hanging.add(name);
        return new ResourceRef(name, "0".repeat(64), 1L);
    }

    @Override
    public Lease obtain(ResourceRef ref, String runId, CancellationToken cancel) throws ResourceUnavailableException {
        requested.add(ref.name());
        requestedRuns.add(runId);
        if (failures.containsKey(ref.name())) {
            throw new ResourceUnavailableException(failures.get(ref.name()));
        }
        if (hanging.contains(ref.name())) {
            try {
                cancel.onCancel().toCompletableFuture().get();
            } catch (InterruptedException | ExecutionException e) {
                throw new AssertionError(e);
            }
            throw new ResourceUnavailableException("the download of resource '" + ref.name() + "' was stopped");
        }
        openLeases.incrementAndGet();
        return new Lease(files.get(ref.name()), openLeases::decrementAndGet);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
