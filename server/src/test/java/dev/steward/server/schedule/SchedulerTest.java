package dev.steward.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.server.TestDatastores;
import dev.steward.server.job.JobService;
import dev.steward.server.store.Datastore;
import dev.steward.server.tenancy.Tenant;
import dev.steward.server.tenancy.TenantStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Firing against a real datastore: ticks missed during downtime run once (and say so), and several
 * nodes racing for the same ticks fire each exactly once.
 */
class SchedulerTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void missedTicksAfterDowntimeRunOnceAndAreRecorded(String kind, @TempDir Path dir) {
        try (Datastore datastore = Datastore.open(TestDatastores.create(kind, dir))) {
            ScheduleStore store = new ScheduleStore(datastore.jdbi());
            String tenant = tenant(datastore);
            Schedule hourly = schedule(tenant, "hourly", "0 * * * *", Instant.parse("2026-11-23T11:00:00Z"));
            store.insert(hourly);
            List<String> started = new CopyOnWriteArrayList<>();
            Scheduler scheduler = new Scheduler(store, (owner, request) -> {
                started.add(owner.tenantId() + ":" + request.module());
                return UUID.randomUUID().toString();
            }, Clock.systemUTC(), "node-a");

            assertThat(scheduler.runDue(Instant.parse("2026-11-23T10:59:59Z"))).isZero();
            assertThat(scheduler.runDue(Instant.parse("2026-11-23T11:00:00.500Z"))).isEqualTo(1);
            // Down from 11:00:30 to 15:20: the 12:00 ... 15:00 ticks were missed; they run once, for 15:00.
            Instant back = Instant.parse("2026-11-23T15:20:00Z");
            assertThat(scheduler.runDue(back)).isEqualTo(1);
            assertThat(scheduler.runDue(back.plusSeconds(5))).isZero();
            assertThat(started).containsExactly(tenant + ":hello", tenant + ":hello");

            List<ScheduleStore.Fire> fires = store.fires(hourly.id(), 10);
            assertThat(fires).hasSize(2);
            ScheduleStore.Fire catchUp = fires.getFirst();
            assertThat(catchUp.tick()).isEqualTo(Instant.parse("2026-11-23T15:00:00Z"));
            assertThat(catchUp.missedTicks()).isEqualTo(3);
            assertThat(catchUp.note()).contains("3 earlier tick(s)").contains("missed").contains("ran once");
            assertThat(catchUp.jobId()).isNotNull();
            assertThat(fires.get(1).missedTicks()).isZero();
            assertThat(store.byName(tenant, "hourly").orElseThrow().nextFireAt()).isEqualTo(Instant.parse("2026-11-23T16:00:00Z"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void racingNodesFireEachTickExactlyOnce(String kind, @TempDir Path dir) throws Exception {
        try (Datastore datastore = Datastore.open(TestDatastores.create(kind, dir))) {
            ScheduleStore store = new ScheduleStore(datastore.jdbi());
            String tenant = tenant(datastore);
            for (int i = 0; i < 20; i++) {
                store.insert(schedule(tenant, "s" + i, "*/5 * * * * *", T0.plusSeconds(5)));
            }
            Map<String, Integer> jobsPerFire = new ConcurrentHashMap<>();
            List<Scheduler> nodes = List.of("a", "b", "c", "d").stream().map(node -> new Scheduler(store, (owner, request) -> {
                String id = UUID.randomUUID().toString();
                jobsPerFire.put(id, 1);
                return id;
            }, Clock.systemUTC(), node)).toList();
            ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
            try {
                int claimed = 0;
                // Ten ticks (every 5 s), each raced by four nodes starting together.
                for (int tick = 1; tick <= 10; tick++) {
                    Instant now = T0.plusSeconds(5L * tick).plusMillis(100);
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Integer>> results = nodes.stream().map(node -> pool.submit(() -> {
                        go.await();
                        return node.runDue(now);
                    })).toList();
                    go.countDown();
                    for (Future<Integer> result : results) {
                        claimed += result.get();
                    }
                }
                assertThat(claimed).isEqualTo(20 * 10);
                assertThat(jobsPerFire).hasSize(200);
                for (int i = 0; i < 20; i++) {
                    List<ScheduleStore.Fire> fires = store.fires(store.byName(tenant, "s" + i).orElseThrow().id(), 100);
                    assertThat(fires).hasSize(10);
                    assertThat(fires).allSatisfy(f -> assertThat(f.missedTicks()).isZero());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void cronExpressionsAndZonesAreValidatedWithClearErrors() {
        CronTiming amsterdam = CronTiming.parse("0 3 * * *", "Europe/Amsterdam");
        assertThat(amsterdam.next(Instant.parse("2026-11-23T10:00:00Z")).orElseThrow())
                .isEqualTo(Instant.parse("2026-11-24T02:00:00Z"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> CronTiming.parse("0 3 * *", "UTC")))
                .hasMessageContaining("5 fields");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> CronTiming.parse("0 3 * * *", "Mars/Olympus")))
                .hasMessageContaining("unknown time zone");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> CronTiming.parse("61 3 * * *", "UTC")))
                .hasMessageContaining("not valid");
    }

    private static String tenant(Datastore datastore) {
        String id = UUID.randomUUID().toString();
        new TenantStore(datastore.jdbi()).insert(new Tenant(id, "t-" + id.substring(0, 8), false, T0));
        return id;
    }

    private static Schedule schedule(String tenant, String name, String cron, Instant next) {
        return new Schedule(UUID.randomUUID().toString(), tenant, name,
                ScheduleService.encode(new JobService.RunRequest("hello", List.of("a1"))), cron, "UTC", null, false, next, null,
                null, "token-id", "TENANT_ADMIN", T0);
    }
}
