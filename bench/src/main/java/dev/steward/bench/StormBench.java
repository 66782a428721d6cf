package dev.steward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Server restart with N connected push agents, each in the middle of a run: how long until all are
 * back (agents spread their reconnects over the window, as the real agent does), what errors they
 * saw, and whether every result still arrived exactly once.
 */
final class StormBench {
    private StormBench() {
    }

    static void run(Lab lab, Path work, Args flags) {
        Datastore datastore = Datastore.fromName(flags.get("--datastore", "sqlite"));
        int agents = flags.integer("--agents", 10_000);
        int windowSeconds = flags.integer("--window-s", 30);
        int runSeconds = flags.integer("--run-s", 20);
        Prepared steward = Prepared.steward(lab, work, datastore, agents);
        List<SimProcess> sims = lab.startSimulators("steward-push", steward.identities(), agents, steward.simulatorArgs("push",
                "--reconnect-window-ms", Integer.toString(windowSeconds * 1000), "--run-ms", Integer.toString(runSeconds * 1000)));
        lab.awaitOpen(sims, agents, Duration.ofMinutes(15));

        JsonNode job = steward.server().api().post("/api/v1/jobs", Map.of("module", Prepared.MODULE,
                "targets", Prepared.names(agents)));
        String jobId = job.get("id").asText();
        Lab.waitFor("every agent to start its run", Duration.ofMinutes(5), () -> Lab.sum(sims, "assigned") >= agents);
        // The results are still being "executed" by the agents when the server goes down.
        long failuresBefore = Lab.sum(sims, "failures");
        long refusalsBefore = Lab.sum(sims, "refusals");
        long stopStart = System.nanoTime();
        StewardServer restarted = steward.restart(lab);
        long ready = System.nanoTime();
        Lab.waitFor("every agent to reconnect", Duration.ofSeconds(windowSeconds + 120),
                () -> Lab.sum(sims, "open") >= agents && Lab.sum(sims, "connects") >= 2L * agents);
        long allBack = System.nanoTime();
        Lab.waitFor("every result to be stored", Duration.ofMinutes(5), () -> Lab.sum(sims, "stored") >= agents);
        JsonNode stored = restarted.api().get("/api/v1/jobs/" + jobId + "?output=false");
        long succeeded = 0;
        long total = 0;
        for (JsonNode run : stored.get("runs")) {
            total++;
            if ("succeeded".equals(run.get("status").asText())) {
                succeeded++;
            }
        }
        double restartSeconds = (ready - stopStart) / 1e9;
        double backSeconds = (allBack - ready) / 1e9;
        lab.report.line("");
        lab.report.line("| agents | window | server stop + start | all reconnected after ready | failed connect attempts | "
                + "refused batches | runs succeeded / total | results acknowledged |");
        lab.report.line("|---|---|---|---|---|---|---|---|");
        lab.report.line(String.format(java.util.Locale.ROOT, "| %d | %d s | %.1f s | %.1f s | %d | %d | %d / %d | %d |", agents,
                windowSeconds, restartSeconds, backSeconds, Lab.sum(sims, "failures") - failuresBefore,
                Lab.sum(sims, "refusals") - refusalsBefore, succeeded, total, Lab.sum(sims, "stored")));
        lab.report.line("");
        lab.report.note(String.format(java.util.Locale.ROOT, "Target: all back within window + 10 s = %d s: %s (%.1f s). No agent "
                + "gives up (simulated agents retry within the window forever, as the real one does). No result lost: %s.",
                windowSeconds + 10, backSeconds <= windowSeconds + 10 ? "met" : "NOT met", backSeconds,
                succeeded == agents ? "met (" + succeeded + " of " + agents + " runs succeeded)" : "NOT met"));
        lab.report.note("The baseline for this figure is the window itself: agents draw their reconnect time uniformly from it, "
                + "so an ideal server is back to full strength after about one window.");
        sims.forEach(lab::stop);
    }
}
