package dev.steward.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How many push agents one server process holds, and what each idle connection costs, against the
 * bare server holding the same number (same HTTP/TLS/WebSocket stack, no Steward logic).
 */
final class CapacityBench {
    private CapacityBench() {
    }

    static void run(Lab lab, Path work, Args flags) {
        int agents = flags.integer("--agents", 19_200);
        Duration cpuWindow = Duration.ofSeconds(flags.integer("--cpu-window-s", 60));
        Prepared steward = Prepared.steward(lab, work, Datastore.sqlite(), agents);
        IdleMeasurement.Comparison c = IdleMeasurement.stewardThenFloor(lab, steward, agents, Duration.ofSeconds(30), cpuWindow);
        IdleMeasurement s = c.steward();
        IdleMeasurement b = c.floor();
        lab.report.note("Steward's `GET /api/v1/agents` listed " + c.persistent() + " agents as `persistent` while they were connected.");
        lab.report.note(String.format(java.util.Locale.ROOT,
                "Ratios Steward / floor: RSS per connection %.2f×, live heap per connection %.2f×.",
                s.rssPerConnection() / b.rssPerConnection(), s.heapPerConnection() / b.heapPerConnection()));
        lab.report.note(String.format(java.util.Locale.ROOT, "Target ≥ 19,000 agents: %s (%d held). Target ≤ 30 KB per idle "
                + "connection (RSS growth / connections): %s (%s).", agents >= 19_000 ? "met" : "not measured",
                agents, s.rssPerConnection() <= 30 * 1024 ? "met" : "NOT met", Report.kb(s.rssPerConnection())));
    }

    static long countPersistent(Prepared steward) {
        var list = steward.server().api().get("/api/v1/agents");
        long n = 0;
        for (var agent : list) {
            if ("persistent".equals(agent.path("connection").asText())) {
                n++;
            }
        }
        return n;
    }
}
