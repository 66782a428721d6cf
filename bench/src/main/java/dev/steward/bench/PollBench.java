package dev.steward.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Polling agents checking in over kept-alive HTTPS: the sustained check-ins per second one node serves,
 * against the bare server answering the same requests without auth or datastore, in the same run.
 */
final class PollBench {
    private PollBench() {
    }

    record Outcome(double perSecond, String latency, long errors) {
    }

    static void run(Lab lab, Path work, Args flags) {
        int agents = flags.integer("--agents", 10_000);
        int intervalMs = flags.integer("--poll-interval-ms", 1_000);
        Duration window = Duration.ofSeconds(flags.integer("--window-s", 60));
        Prepared steward = Prepared.steward(lab, work, Datastore.sqlite(), agents);
        Outcome s = measure(lab, "steward-poll", steward.identities(), agents,
                steward.simulatorArgs("poll", "--poll-interval-ms", Integer.toString(intervalMs)), window);
        lab.stop(steward.server().process);
        Bare bare = Bare.start(lab, steward);
        Outcome b = measure(lab, "bare-poll", steward.identities(), agents,
                bare.simulatorArgs("poll", "--poll-interval-ms", Integer.toString(intervalMs)), window);

        lab.report.line("");
        lab.report.line("| server | agents | offered (agents / interval) | served check-ins/s | round trip | errors |");
        lab.report.line("|---|---|---|---|---|---|");
        double offered = agents * 1000.0 / intervalMs;
        lab.report.line(String.format(java.util.Locale.ROOT, "| Steward (SQLite) | %d | %.0f/s | %.0f | %s | %d |", agents, offered,
                s.perSecond(), s.latency(), s.errors()));
        lab.report.line(String.format(java.util.Locale.ROOT, "| bare floor | %d | %.0f/s | %.0f | %s | %d |", agents, offered,
                b.perSecond(), b.latency(), b.errors()));
        lab.report.line("");
        lab.report.note(String.format(java.util.Locale.ROOT, "Measured over %d s after a 20 s warm-up. Steward / floor "
                + "throughput: %.2f×. Each check-in records the contact (in the datastore at most every 15 s per agent) "
                + "and gets its pending work and settings (from the node's caches while nothing changed).",
                window.toSeconds(), s.perSecond() / b.perSecond()));
        if (s.perSecond() >= 0.97 * offered && b.perSecond() >= 0.97 * offered) {
            // A ratio of two unsaturated servers says nothing about their ceilings.
            lab.report.note("Both served (nearly) everything offered, so neither was saturated: offer more "
                    + "(--agents, or a shorter --poll-interval-ms) to find the ceiling.");
        }
    }

    private static Outcome measure(Lab lab, String label, Path identities, int agents, List<String> simArgs, Duration window) {
        List<SimProcess> sims = lab.startSimulators(label, identities, agents, simArgs);
        lab.awaitOpen(sims, agents, Duration.ofMinutes(15));
        Lab.sleep(Duration.ofSeconds(20));
        sims.forEach(s -> s.send("mark"));
        long c0 = Lab.sum(sims, "checkins");
        long e0 = Lab.sum(sims, "http_errors");
        long t0 = System.nanoTime();
        Lab.sleep(window);
        long c1 = Lab.sum(sims, "checkins");
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder latency = new StringBuilder();
        for (SimProcess sim : sims) {
            try {
                latency.append(latency.isEmpty() ? "" : "; ").append(sim.latency(Duration.ofSeconds(30)).replace("latency ", ""));
            } catch (Exception e) {
                latency.append("(no latency report: ").append(e.getMessage()).append(')');
            }
        }
        long errors = Lab.sum(sims, "http_errors") - e0;
        if (c1 == c0) {
            throw new IllegalStateException(label + ": no check-in was answered in " + window.toSeconds() + " s; see "
                    + sims.get(0).log);
        }
        sims.forEach(lab::stop);
        return new Outcome((c1 - c0) / seconds, latency.toString(), errors);
    }
}
