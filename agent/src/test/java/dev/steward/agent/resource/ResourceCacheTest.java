package dev.steward.agent.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.exec.CancellationToken;
import dev.steward.agent.exec.ResourceProvider.Lease;
import dev.steward.agent.exec.ResourceUnavailableException;
import dev.steward.agent.transport.ResponseTooLargeException;
import dev.steward.agent.transport.ServerRejectedException;
import dev.steward.agent.transport.ServerUnreachableException;
import dev.steward.protocol.ResourceRef;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The cache with a stand-in for the server: verification, reuse, refusals, concurrency, eviction. */
@Timeout(20)
class ResourceCacheTest {

    private static final String RUN = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @TempDir
    Path stateDir;

    private final FakeSource source = new FakeSource();
    private final Clock clock = new TickingClock();

    private ResourceCache cache(long maxBytes) {
        return new ResourceCache(stateDir, source, maxBytes, clock);
    }

    private ResourceCache cache() {
        return cache(ResourceCache.DEFAULT_MAX_BYTES);
    }

    private Path dir() {
        return stateDir.resolve("resources");
    }

    private List<String> cachedFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static Path obtainAndRelease(ResourceCache cache, ResourceRef ref) throws ResourceUnavailableException {
        try (Lease lease = cache.obtain(ref, RUN, new CancellationToken())) {
            return lease.path();
        }
    }

    @Test
    void downloadsOnceIntoAnOwnerOnlyFileNamedByItsHash() throws Exception {
        ResourceRef ref = source.serve("app.conf", "listen 8080\n");
        ResourceCache cache = cache();

        Path first = obtainAndRelease(cache, ref);
        Path second = obtainAndRelease(cache, ref);

        assertThat(first).isEqualTo(dir().resolve(ref.sha256())).isEqualTo(second);
        assertThat(first).hasContent("listen 8080\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir()))).isEqualTo("rwx------");
        assertThat(source.fetches).containsExactly(ref.sha256() + " for " + RUN);
        assertThat(cachedFiles()).containsExactly(ref.sha256());
    }

    @Test
    void afterARestartTheCachedFileIsUsedWithoutDownloading() throws Exception {
        ResourceRef ref = source.serve("app.conf", "listen 8080\n");
        obtainAndRelease(cache(), ref);

        Path again = obtainAndRelease(cache(), ref);

        assertThat(again).hasContent("listen 8080\n");
        assertThat(source.fetches).hasSize(1);
    }

    @Test
    void aCachedFileDamagedWhileTheAgentWasStoppedIsDownloadedAgain() throws Exception {
        ResourceRef ref = source.serve("app.conf", "listen 8080\n");
        Path file = obtainAndRelease(cache(), ref);
        Files.writeString(file, "listen 6666\n"); // same size, other content

        Path again = obtainAndRelease(cache(), ref);

        assertThat(again).hasContent("listen 8080\n");
        assertThat(source.fetches).hasSize(2);
    }

    @Test
    void aCachedFileOfTheWrongSizeIsDownloadedAgain() throws Exception {
        ResourceRef ref = source.serve("app.conf", "listen 8080\n");
        ResourceCache cache = cache();
        Path file = obtainAndRelease(cache, ref);
        Files.writeString(file, "truncated");

        assertThat(obtainAndRelease(cache, ref)).hasContent("listen 8080\n");
        assertThat(source.fetches).hasSize(2);
    }

    @Test
    void contentWithAnotherHashIsRefusedAndNothingIsKept() throws Exception {
        ResourceRef ref = source.serve("app.conf", "listen 8080\n");
        source.replaceContent(ref, "listen 6666\n");

        assertThatThrownBy(() -> obtainAndRelease(cache(), ref))
                .isInstanceOf(ResourceUnavailableException.class)
                .hasMessage("resource 'app.conf' downloaded with sha256 " + sha256("listen 6666\n")
                        + " but the server announced " + ref.sha256());
        assertThat(cachedFiles()).isEmpty();
    }

    @Test
    void aLargerAnswerIsRefused() throws Exception {
        ResourceRef ref = source.serve("app.conf", "listen 8080\n");
        source.fail(ref, new ResponseTooLargeException("the answer is longer than the 12 bytes expected"));

        assertThatThrownBy(() -> obtainAndRelease(cache(), ref))
                .isInstanceOf(ResourceUnavailableException.class)
                .hasMessage("resource 'app.conf' is larger than the 12 bytes the server announced; refused");
        assertThat(cachedFiles()).isEmpty();
    }

    @Test
    void moreBytesThanAnnouncedAreRefusedEvenFromASourceThatDoesNotStop() throws Exception {
        ResourceRef ref = source.serve("app.conf", "listen 8080\n");
        source.replaceContent(ref, "listen 8080\nand more\n");

        assertThatThrownBy(() -> obtainAndRelease(cache(), ref))
                .isInstanceOf(ResourceUnavailableException.class)
                .hasMessage("resource 'app.conf' downloaded with 21 bytes but the server announced 12");
        assertThat(cachedFiles()).isEmpty();
    }

    @Test
    void fewerBytesThanAnnouncedAreRefused() throws Exception {
        ResourceRef ref = source.serve("app.conf", "listen 8080\n");
        source.replaceContent(ref, "listen");

        assertThatThrownBy(() -> obtainAndRelease(cache(), ref))
                .hasMessage("resource 'app.conf' downloaded with 6 bytes but the server announced 12");
        assertThat(cachedFiles()).isEmpty();
    }

    @Test
    void refusalsAndOutagesSayWhatHappened() throws Exception {
        ResourceRef refused = source.serve("secret.key", "k");
        source.fail(refused, new ServerRejectedException(403, "no open run of this agent uses this resource"));
        ResourceRef unreachable = source.serve("app.conf", "x");
        source.fail(unreachable, new ServerUnreachableException("cannot reach https://steward:8443: Connection refused",
                null));
        ResourceRef diskFull = source.serve("big.tar", "y");
        source.fail(diskFull, new UncheckedIOException(new IOException("No space left on device")));
        ResourceCache cache = cache();

        assertThatThrownBy(() -> obtainAndRelease(cache, refused)).hasMessage(
                "the server refused resource 'secret.key' (HTTP 403): no open run of this agent uses this resource");
        assertThatThrownBy(() -> obtainAndRelease(cache, unreachable)).hasMessage(
                "cannot download resource 'app.conf': cannot reach https://steward:8443: Connection refused");
        assertThatThrownBy(() -> obtainAndRelease(cache, diskFull))
                .hasMessageStartingWith("cannot store resource 'big.tar' in " + dir())
                .hasMessageContaining("No space left on device");
        assertThat(cachedFiles()).isEmpty();
    }

    @Test
    void anAnnouncementThatIsNotAHashIsRefusedWithoutAsking() {
        ResourceCache cache = cache();
        List<ResourceRef> bad = List.of(
                new ResourceRef("escape", "../../../../etc/passwd", 10L),
                new ResourceRef("upper", "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", 4L),
                new ResourceRef("short", "9f86d0", 4L),
                new ResourceRef("negative", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", -1L),
                ResourceRef.named("unresolved"));

        for (ResourceRef ref : bad) {
            assertThatThrownBy(() -> obtainAndRelease(cache, ref))
                    .isInstanceOf(ResourceUnavailableException.class)
                    .hasMessageContaining("resource '" + ref.name() + "' arrived with");
        }
        assertThat(source.fetches).isEmpty();
    }

    @Test
    void theLeastRecentlyUsedFilesGoWhenTheCacheIsFull() throws Exception {
        ResourceRef a = source.serve("a", "a".repeat(40));
        ResourceRef b = source.serve("b", "b".repeat(40));
        ResourceRef c = source.serve("c", "c".repeat(40));
        ResourceCache cache = cache(100);

        obtainAndRelease(cache, a);
        obtainAndRelease(cache, b);
        obtainAndRelease(cache, a); // a is now more recently used than b
        obtainAndRelease(cache, c);

        assertThat(cachedFiles()).containsExactlyInAnyOrder(a.sha256(), c.sha256());
        obtainAndRelease(cache, a);
        assertThat(source.fetches).hasSize(3); // a stayed, so it was not fetched again
    }

    @Test
    void filesInUseAreNeverEvictedNorIsTheOneJustObtained() throws Exception {
        ResourceRef a = source.serve("a", "a".repeat(40));
        ResourceRef b = source.serve("b", "b".repeat(40));
        ResourceRef huge = source.serve("huge", "h".repeat(80));
        ResourceCache cache = cache(50);

        try (Lease held = cache.obtain(a, RUN, new CancellationToken())) {
            obtainAndRelease(cache, b); // 80 bytes > 50, but a is in use and b was just obtained
            assertThat(cachedFiles()).containsExactlyInAnyOrder(a.sha256(), b.sha256());
            assertThat(held.path()).hasContent("a".repeat(40));
        }

        Path kept = obtainAndRelease(cache, huge); // larger than the whole cache: kept, the others go
        assertThat(kept).exists();
        assertThat(cachedFiles()).containsExactly(huge.sha256());
    }

    @Test
    void concurrentRunsNeedingTheSameContentDownloadItOnce() throws Exception {
        ResourceRef ref = source.serve("app.conf", "listen 8080\n");
        CountDownLatch release = new CountDownLatch(1);
        source.holdUntil(release);
        ResourceCache cache = cache();

        List<CompletableFuture<String>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                try (Lease lease = cache.obtain(ref, RUN, new CancellationToken())) {
                    return Files.readString(lease.path());
                } catch (ResourceUnavailableException | IOException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> source.fetches.size() == 1);
        Thread.sleep(200); // give the others time to (wrongly) start their own download
        release.countDown();

        for (CompletableFuture<String> run : runs) {
            assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo("listen 8080\n");
        }
        assertThat(source.fetches).hasSize(1);
        assertThat(cachedFiles()).containsExactly(ref.sha256());
    }

    @Test
    void cancellingStopsADownloadAndLeavesNoPartialFile() throws Exception {
        ResourceRef ref = source.serve("big.tar", "payload");
        source.hangUntilAborted();
        ResourceCache cache = cache();
        CancellationToken token = new CancellationToken();

        CompletableFuture<Throwable> obtaining = CompletableFuture.supplyAsync(() -> {
            try (Lease lease = cache.obtain(ref, RUN, token)) {
                return null;
            } catch (ResourceUnavailableException e) {
                return e;
            }
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> source.fetches.size() == 1);
        assertThat(cachedFiles()).singleElement().asString().endsWith(".part");
        token.cancel();

        assertThat(obtaining.get(5, TimeUnit.SECONDS)).hasMessage("the download of resource 'big.tar' was stopped");
        assertThat(cachedFiles()).isEmpty();
    }

    @Test
    void partialDownloadsLeftByACrashAreRemovedAtStart() throws Exception {
        Files.createDirectories(dir());
        Files.writeString(dir().resolve("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08-123.part"), "x");

        cache();

        assertThat(cachedFiles()).isEmpty();
    }

    static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Each reading one second after the previous, so that every use has its own time. */
    private static final class TickingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public synchronized Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** The server, stood in for: serves contents by hash, and misbehaves on request. */
    private static final class FakeSource implements ResourceSource {
        private final Map<String, byte[]> contents = new ConcurrentHashMap<>();
        private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
        final List<String> fetches = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch hold;
        private volatile boolean hangUntilAborted;

        ResourceRef serve(String name, String content) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            contents.put(sha256(content), bytes);
            return new ResourceRef(name, sha256(content), (long) bytes.length);
        }

        void replaceContent(ResourceRef ref, String content) {
            contents.put(ref.sha256(), content.getBytes(StandardCharsets.UTF_8));
        }

        void fail(ResourceRef ref, RuntimeException failure) {
            failures.put(ref.sha256(), failure);
        }

        void holdUntil(CountDownLatch latch) {
            hold = latch;
        }

        void hangUntilAborted() {
            hangUntilAborted = true;
        }

        @Override
        public long fetch(ResourceRef ref, String runId, OutputStream sink, CompletionStage<?> abort) {
            fetches.add(ref.sha256() + " for " + runId);
            try {
                if (hold != null) {
                    hold.await();
                }
                if (hangUntilAborted) {
                    abort.toCompletableFuture().get();
                    throw new java.util.concurrent.CancellationException("download stopped");
                }
            } catch (InterruptedException | ExecutionException e) {
                throw new AssertionError(e);
            }
            if (failures.containsKey(ref.sha256())) {
                throw failures.get(ref.sha256());
            }
            byte[] bytes = contents.get(ref.sha256());
            try {
                sink.write(bytes); // deliberately not capped at ref.size(): the cache must check on its own
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.length;
        }
    }
}
