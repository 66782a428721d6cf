package dev.steward.bench;

import java.nio.file.Path;
import java.time.Duration;

/** CPU a server spends on connected, idle push agents (heartbeats only), against the bare floor. */
final class IdleBench {
    private static final Duration SETTLE = Duration.ofSeconds(45);

    private IdleBench() {
    }

    static void run(Lab lab, Path work, Args flags) {
        int agents = flags.integer("--agents", 10_000);
        Duration cpuWindow = Duration.ofSeconds(flags.integer("--cpu-window-s", 120));
        Prepared steward = Prepared.steward(lab, work, Datastore.sqlite(), agents);
        IdleMeasurement.Comparison c = IdleMeasurement.stewardThenFloor(lab, steward, agents, SETTLE, cpuWindow);
        IdleMeasurement s = c.steward();
        IdleMeasurement b = c.floor();
        lab.report.note(String.format(java.util.Locale.ROOT, "CPU measured over %d s after a %d s settle; each agent pings "
                + "every 30 s. Steward / floor: %.2f×. Target < 5%% of one core: %s (%.2f%%).", cpuWindow.toSeconds(),
                SETTLE.toSeconds(), s.cpuPercentOfOneCore() / Math.max(0.01, b.cpuPercentOfOneCore()),
                s.cpuPercentOfOneCore() < 5 ? "met" : "NOT met", s.cpuPercentOfOneCore()));
    }
}
