package dev.steward.server.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.server.TestDatastores;
import dev.steward.server.store.Datastore;
import dev.steward.server.tenancy.Tenant;
import dev.steward.server.tenancy.TenantStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resource content is deleted once nothing can use it for a grace period, and never while a resource row
 * points at it, an open run was offered it, or it was written or re-uploaded recently.
 */
class ResourceCollectorTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration GRACE = Duration.ofHours(24);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void unusedOldContentGoesAfterTheGracePeriodAndEverythingNeededStays(String kind, @TempDir Path dir) throws Exception {
        try (Datastore datastore = Datastore.open(TestDatastores.create(kind, dir))) {
            String tenant = UUID.randomUUID().toString();
            new TenantStore(datastore.jdbi()).insert(new Tenant(tenant, "t", false, NOW));
            ResourceStore store = new ResourceStore(datastore.jdbi());
            ResourceBlobs blobs = new ResourceBlobs(dir);
            ResourceCollector collector = new ResourceCollector(store, blobs);
            Instant old = NOW.minus(Duration.ofDays(40));

            String referenced = put(blobs, "referenced", old);
            row(store, tenant, "current", referenced);
            String unused = put(blobs, "unused", old);
            String offered = put(blobs, "offered to an open run", old);
            String fresh = put(blobs, "written an hour ago", NOW.minus(Duration.ofHours(1)));
            String reused = put(blobs, "unused, then in use again", old);
            Set<String> openRuns = new HashSet<>(Set.of(offered));

            // First pass: unreferenced content is only marked; nothing goes yet, however old the file.
            ResourceCollector.Collected first = collector.collect(NOW, GRACE, () -> openRuns);
            assertThat(first.deleted()).isZero();
            assertThat(first.markedUnreferenced()).isEqualTo(3); // unused, fresh, reused (offered is in use)
            assertThat(Files.exists(blobs.path(unused))).isTrue();

            // Before the grace period has passed since the mark: still nothing.
            assertThat(collector.collect(NOW.plus(Duration.ofHours(23)), GRACE, () -> openRuns).deleted()).isZero();

            // In use again meanwhile: its mark is dropped.
            row(store, tenant, "again", reused);
            Instant later = NOW.plus(Duration.ofHours(25));
            Files.setLastModifiedTime(blobs.path(fresh), FileTime.from(later.minus(Duration.ofHours(1))));
            ResourceCollector.Collected second = collector.collect(later, GRACE, () -> openRuns);
            assertThat(second.deleted()).isEqualTo(1);
            assertThat(second.bytes()).isEqualTo("unused".length());
            assertThat(Files.exists(blobs.path(unused))).isFalse();
            assertThat(Files.exists(blobs.path(referenced))).isTrue();
            assertThat(Files.exists(blobs.path(offered))).isTrue();
            assertThat(Files.exists(blobs.path(fresh))).as("written within the grace period").isTrue();
            assertThat(Files.exists(blobs.path(reused))).isTrue();

            // Unused once more: the grace period starts over from a new mark (while the fresh file's time has passed).
            store.delete(tenant, store.byName(tenant, "again").orElseThrow().id());
            Instant muchLater = later.plus(Duration.ofDays(10));
            assertThat(collector.collect(muchLater, GRACE, () -> openRuns).deleted()).isEqualTo(1);
            assertThat(Files.exists(blobs.path(fresh))).isFalse();
            assertThat(Files.exists(blobs.path(reused))).isTrue();

            // The run finished: its content goes two passes, a grace period apart, later.
            openRuns.clear();
            assertThat(collector.collect(muchLater.plus(Duration.ofHours(1)), GRACE, () -> openRuns).deleted()).isZero();
            assertThat(Files.exists(blobs.path(offered))).isTrue();
            ResourceCollector.Collected last = collector.collect(muchLater.plus(Duration.ofDays(2)), GRACE, () -> openRuns);
            assertThat(last.deleted()).isEqualTo(2); // offered, reused
            assertThat(Files.exists(blobs.path(referenced))).isTrue();
            assertThat(Files.exists(blobs.path(offered))).isFalse();
            assertThat(Files.list(dir.resolve("resources").resolve("unreferenced")).count()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void reUploadingTheSameBytesKeepsThemAndStaleUploadsAreCleanedUp(String kind, @TempDir Path dir) throws Exception {
        try (Datastore datastore = Datastore.open(TestDatastores.create(kind, dir))) {
            ResourceStore store = new ResourceStore(datastore.jdbi());
            ResourceBlobs blobs = new ResourceBlobs(dir);
            ResourceCollector collector = new ResourceCollector(store, blobs);
            // File times are real here: an upload stamps the file with the real clock.
            Instant now = Instant.now();
            String sha = put(blobs, "setup script", now.minus(Duration.ofDays(40)));
            assertThat(collector.collect(now.minus(Duration.ofHours(2)), GRACE, Set::of).markedUnreferenced()).isEqualTo(1);

            // Uploaded again (the same bytes) before its row is written: the file's time is refreshed, so it is not
            // deleted under the new upload, although it was marked unused over a grace period ago. Without the
            // refresh it would go here.
            blobs.store(new ByteArrayInputStream("setup script".getBytes(StandardCharsets.UTF_8)), 1024);
            assertThat(Files.getLastModifiedTime(blobs.path(sha)).toInstant()).isAfterOrEqualTo(now.minusSeconds(1));
            assertThat(collector.collect(now.plus(Duration.ofHours(23)), GRACE, Set::of).deleted()).isZero();
            assertThat(Files.exists(blobs.path(sha))).isTrue();
            assertThat(collector.collect(now.plus(Duration.ofHours(25)), GRACE, Set::of).deleted()).isEqualTo(1);

            // An upload interrupted long ago leaves a .part file: it is cleaned up; one in progress is not.
            Path incoming = dir.resolve("resources").resolve("incoming");
            Path stale = Files.writeString(incoming.resolve("upload-1.part"), "half");
            Files.setLastModifiedTime(stale, FileTime.from(now.minus(Duration.ofDays(3))));
            Path current = Files.writeString(incoming.resolve("upload-2.part"), "half");
            Files.setLastModifiedTime(current, FileTime.from(now.minus(Duration.ofMinutes(1))));
            // Content left aside by a deletion that was interrupted (a crash) is put back, not lost.
            String aside = put(blobs, "aside", now.minus(Duration.ofDays(3)));
            Files.move(blobs.path(aside), incoming.resolve("collect-" + aside));
            collector.collect(now, GRACE, Set::of);
            assertThat(Files.exists(stale)).isFalse();
            assertThat(Files.exists(current)).isTrue();
            assertThat(Files.readString(blobs.path(aside))).isEqualTo("aside");
        }
    }

    private static String put(ResourceBlobs blobs, String content, Instant modified) throws Exception {
        String sha = blobs.store(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), 1024).sha256();
        Files.setLastModifiedTime(blobs.path(sha), FileTime.from(modified));
        return sha;
    }

    private static void row(ResourceStore store, String tenant, String name, String sha) {
        store.insert(tenant, new Resource(UUID.randomUUID().toString(), name, null, sha, 1, NOW, NOW), "admin");
    }
}
