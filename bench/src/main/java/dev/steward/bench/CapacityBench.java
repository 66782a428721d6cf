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
        Prepared steward = Prepared.steward(lab, work, Datastore.h2(), agents);
        IdleMeasurement s = IdleMeasurement.measure(lab, "steward-push", steward.server().pid(), steward.identities(), agents,
                steward.simulatorArgs("push"), Duration.ofSeconds(30), cpuWindow);
        long persistent = countPersistent(steward);
        s.stopSimulators(lab);
        lab.stop(steward.server().process);

        Bare bare = Bare.start(lab, steward);
        IdleMeasurement b = IdleMeasurement.measure(lab, "bare-push", bare.pid(), steward.identities(), agents,
                bare.simulatorArgs("push"), Duration.ofSeconds(30), cpuWindow);
        b.stopSimulators(lab);

        lab.report.line("");
        lab.report.line(IdleMeasurement.header());
        lab.report.line(s.row("Steward (H2)"));
        lab.report.line(b.row("bare floor"));
        lab.report.line("");
        lab.report.note("Steward's `GET /api/v1/agents` listed " + persistent + " agents as `persistent` while they were connected.");
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
