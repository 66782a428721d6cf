package dev.steward.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Connects {@code agents} push agents to a server process and measures what holding them costs:
 * resident memory and live heap (after a full GC) before and after, and CPU while they sit idle
 * (each pinging every 30 s, as the real agent does).
 */
record IdleMeasurement(int agents, Duration connectTime, long rssBefore, long rssAfter, long heapBefore, long heapAfter,
        double cpuPercentOfOneCore, Duration cpuWindow, int openFiles, List<SimProcess> simulators) {

    static IdleMeasurement measure(Lab lab, String label, long serverPid, Path identities, int agents,
            List<String> simArgs, Duration settle, Duration cpuWindow) {
        Lab.sleep(Duration.ofSeconds(5));
        long heapBefore = ProcStats.liveHeapAfterGc(serverPid);
        long rssBefore = ProcStats.rssBytes(serverPid);
        List<SimProcess> sims = lab.startSimulators(label, identities, agents, simArgs);
        Duration connect = lab.awaitOpen(sims, agents, Duration.ofMinutes(15));
        System.out.printf("  %s: %d agents connected in %.1f s; settling %d s%n", label, agents, connect.toMillis() / 1000.0,
                settle.toSeconds());
        Lab.sleep(settle);
        long cpu0 = ProcStats.cpuMillis(serverPid);
        long t0 = System.nanoTime();
        Lab.sleep(cpuWindow);
        long cpu1 = ProcStats.cpuMillis(serverPid);
        double elapsedMs = (System.nanoTime() - t0) / 1e6;
        long heapAfter = ProcStats.liveHeapAfterGc(serverPid);
        long rssAfter = ProcStats.rssBytes(serverPid);
        try {
            java.nio.file.Files.writeString(lab.runDir.resolve(label + "-heap-histogram.txt"), ProcStats.histogram(serverPid, 40));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        long open = Lab.sum(sims, "open");
        if (open < agents) {
            throw new IllegalStateException(label + ": only " + open + " of " + agents + " agents still connected");
        }
        return new IdleMeasurement(agents, connect, rssBefore, rssAfter, heapBefore, heapAfter,
                100.0 * (cpu1 - cpu0) / elapsedMs, cpuWindow, ProcStats.openFiles(serverPid), sims);
    }

    /** Steward and the floor holding the same agents, and how many agents Steward listed as persistent. */
    record Comparison(IdleMeasurement steward, IdleMeasurement floor, long persistent) {
    }

    /** Steward (already prepared) and then the floor, each holding the same agents; the server is stopped after. */
    static Comparison stewardThenFloor(Lab lab, Prepared steward, int agents, Duration settle,
            Duration cpuWindow) {
        IdleMeasurement s = measure(lab, "steward-push", steward.server().pid(), steward.identities(), agents,
                steward.simulatorArgs("push"), settle, cpuWindow);
        long persistent = CapacityBench.countPersistent(steward);
        s.stopSimulators(lab);
        lab.stop(steward.server().process);
        Bare bare = Bare.start(lab, steward);
        IdleMeasurement b = measure(lab, "bare-push", bare.pid(), steward.identities(), agents,
                bare.simulatorArgs("push"), settle, cpuWindow);
        b.stopSimulators(lab);
        lab.report.line("");
        lab.report.line(header());
        lab.report.line(s.row("Steward (" + steward.datastore().name() + ")"));
        lab.report.line(b.row("bare floor"));
        lab.report.line("");
        return new Comparison(s, b, persistent);
    }

    double rssPerConnection() {
        return (double) (rssAfter - rssBefore) / agents;
    }

    double heapPerConnection() {
        return (double) (heapAfter - heapBefore) / agents;
    }

    void stopSimulators(Lab lab) {
        simulators.forEach(lab::stop);
    }

    String row(String name) {
        return String.format(java.util.Locale.ROOT, "| %s | %d | %.1f s | %.0f → %.0f MiB | %s | %.0f → %.0f MiB | %s | %.2f%% | %d |",
                name, agents, connectTime.toMillis() / 1000.0, rssBefore / 1048576.0, rssAfter / 1048576.0,
                Report.kb(rssPerConnection()), heapBefore / 1048576.0, heapAfter / 1048576.0, Report.kb(heapPerConnection()),
                cpuPercentOfOneCore, openFiles);
    }

    static String header() {
        return "| server | agents | connect all | RSS before → after | RSS / connection | live heap before → after "
                + "| heap / connection | CPU while idle (% of one core) | open files |\n"
                + "|---|---|---|---|---|---|---|---|---|";
    }
}
