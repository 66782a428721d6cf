package dev.steward.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Steward server ready for a benchmark: enrolled identities for the agents (reused across runs on
 * SQLite or H2, whose data directory persists under bench/work; made afresh on the throwaway PostgreSQL), the
 * bench module applied, and then a fresh server process, so that what is measured did not enrol.
 */
record Prepared(StewardServer server, Path identities, Datastore datastore, int port) {
    static final String MODULE = "bench-hello";

    static Prepared steward(Lab lab, Path work, Datastore datastore, int agents) {
        return steward(lab, work, datastore, agents, "");
    }

    /**
     * As {@link #steward(Lab, Path, Datastore, int)}, on an embedded data directory of its own for a
     * {@code variant} (e.g. one that holds a million runs, or trusts): what it stores stays out of the others.
     */
    static Prepared steward(Lab lab, Path work, Datastore datastore, int agents, String variant) {
        Path dataDir = datastore.embedded() ? work.resolve(datastore.name() + "-server" + variant)
                : lab.runDir.resolve("postgres-server");
        int port = Lab.freePort();
        StewardServer server = lab.startSteward("steward-setup", dataDir, datastore, port, Bench.JVM);
        Path identities = lab.identities(server, dataDir.resolve("bench-identities.txt"), agents);
        try {
            server.api().postYaml("/api/v1/modules", Files.readString(lab.repo.resolve("bench/modules/bench-hello.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lab.stop(server.process);
        StewardServer fresh = lab.startSteward("steward", dataDir, datastore, port, Bench.JVM);
        lab.report.note("Server under test: `steward server` on " + datastore.name() + ", JVM options "
                + String.join(" ", Bench.JVM) + ", started after enrolment (pid " + fresh.pid() + ").");
        return new Prepared(fresh, identities, datastore, port);
    }

    StewardServer restart(Lab lab) {
        lab.stop(server.process);
        return lab.startSteward("steward-restarted", server.dataDir, datastore, port, Bench.JVM);
    }

    /** Simulator arguments that point at this server with push or poll. */
    List<String> simulatorArgs(String mode, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server", server.uri().toString(), "--mode", mode));
        args.addAll(List.of(extra));
        return args;
    }

    static List<String> names(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(String.format("sim-%05d", i));
        }
        return names;
    }
}
