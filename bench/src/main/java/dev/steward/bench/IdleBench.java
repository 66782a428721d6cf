package dev.steward.bench;

import java.nio.file.Path;
import java.time.Duration;

/** CPU a server spends on connected, idle push agents (heartbeats only), against the bare floor. */
final class IdleBench {
    private IdleBench() {
    }

    static void run(Lab lab, Path work, Args flags) {
        int agents = flags.integer("--agents", 10_000);
        Duration cpuWindow = Duration.ofSeconds(flags.integer("--cpu-window-s", 120));
        Prepared steward = Prepared.steward(lab, work, Datastore.h2(), agents);
        IdleMeasurement s = IdleMeasurement.measure(lab, "steward-push", steward.server().pid(), steward.identities(), agents,
                steward.simulatorArgs("push"), Duration.ofSeconds(45), cpuWindow);
        s.stopSimulators(lab);
        lab.stop(steward.server().process);

        Bare bare = Bare.start(lab, steward);
        IdleMeasurement b = IdleMeasurement.measure(lab, "bare-push", bare.pid(), steward.identities(), agents,
                bare.simulatorArgs("push"), Duration.ofSeconds(45), cpuWindow);
        b.stopSimulators(lab);

        lab.report.line("");
        lab.report.line(IdleMeasurement.header());
        lab.report.line(s.row("Steward (H2)"));
        lab.report.line(b.row("bare floor"));
        lab.report.line("");
        lab.report.note(String.format(java.util.Locale.ROOT, "CPU measured over %d s after a %d s settle; each agent pings "
                + "every 30 s. Steward / floor: %.2f×. Target < 5%% of one core: %s (%.2f%%).", cpuWindow.toSeconds(), 45,
                s.cpuPercentOfOneCore() / Math.max(0.01, b.cpuPercentOfOneCore()),
                s.cpuPercentOfOneCore() < 5 ? "met" : "NOT met", s.cpuPercentOfOneCore()));
    }
}
