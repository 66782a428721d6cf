package dev.steward.bench;

import dev.steward.agent.identity.AgentIdentity;
import dev.steward.agent.identity.Enroller;
import dev.steward.protocol.Fingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Everything a benchmark starts: Steward servers from the packaged distribution, the bare server and
 * simulator processes from the bench classpath, with their logs under the run directory. Closing the
 * lab stops them all. Only loopback addresses are used.
 */
final class Lab implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    /** Connections one simulator process holds: the open-files limit is 20,000 per process. */
    static final int AGENTS_PER_SIMULATOR = 9_800;

    final Path repo;
    final Path runDir;
    final Report report;
    private final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final List<ChildProcess> children = Collections.synchronizedList(new ArrayList<>());

    Lab(Path repo, Path runDir, Report report) {
        this.repo = repo;
        this.runDir = runDir;
        this.report = report;
    }

    /** A Steward server as an operator would run it, with the JVM options stated in the report. */
    StewardServer startSteward(String label, Path dataDir, Datastore datastore, int port, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", repo.resolve("cli/target/dist/lib") + "/*", "dev.steward.cli.Main", "server",
                "--data-dir", dataDir.toString(), "--listen", HOST + ":" + port));
        if (datastore.argument(dataDir) != null) {
            command.addAll(List.of("--datastore", datastore.argument(dataDir)));
        }
        ChildProcess process = new ChildProcess(label, command, datastore.env(), runDir.resolve(label + ".log"));
        process.readOutput(null);
        children.add(process);
        StewardServer server = new StewardServer(process, dataDir, URI.create("https://" + HOST + ":" + port));
        waitFor(label + " to answer /api/v1/health", Duration.ofMinutes(3), () -> {
            if (!process.alive()) {
                throw new IllegalStateException(label + " exited; see " + process.log);
            }
            return server.readyForApi() && server.api().healthy();
        });
        return server;
    }

    ChildProcess startBare(Path dataDir, int port, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", benchClasspath(), BareServer.class.getName(), "--data-dir", dataDir.toString(),
                "--listen", HOST + ":" + port));
        ChildProcess process = new ChildProcess("bare", command, Map.of(), runDir.resolve("bare.log"));
        process.readOutput(null);
        children.add(process);
        waitFor("the bare server to listen", Duration.ofMinutes(1), () -> {
            if (!process.alive()) {
                throw new IllegalStateException("the bare server exited; see " + process.log);
            }
            try (var socket = new java.net.Socket(HOST, port)) {
                return Files.exists(dataDir.resolve("ca.pem"));
            } catch (IOException e) {
                return false;
            }
        });
        return process;
    }

    /**
     * Simulators for agents {@code [0, count)}, {@link #AGENTS_PER_SIMULATOR} per process; the extra
     * arguments choose server, path, mode and timings.
     */
    List<SimProcess> startSimulators(String label, Path identities, int count, List<String> extra) {
        List<SimProcess> sims = new ArrayList<>();
        for (int from = 0, i = 0; from < count; from += AGENTS_PER_SIMULATOR, i++) {
            int to = Math.min(count, from + AGENTS_PER_SIMULATOR);
            List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx2g", "-XX:+UseParallelGC", "-cp", benchClasspath(),
                    Simulator.class.getName(), "--identities", identities.toString(), "--from", Integer.toString(from),
                    "--to", Integer.toString(to)));
            command.addAll(extra);
            SimProcess sim = SimProcess.start(label + "-" + i, command, runDir.resolve(label + "-" + i + ".log"));
            children.add(sim);
            sims.add(sim);
        }
        return sims;
    }

    /** Waits until the simulators hold {@code count} open connections; returns how long it took. */
    Duration awaitOpen(List<SimProcess> sims, int count, Duration timeout) {
        long start = System.nanoTime();
        waitFor(count + " open agent connections", timeout, () -> {
            for (SimProcess sim : sims) {
                if (!sim.alive()) {
                    throw new IllegalStateException(sim.label + " exited; see " + sim.log);
                }
            }
            return sum(sims, "open") >= count;
        });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static long sum(List<SimProcess> sims, String counter) {
        return sims.stream().mapToLong(s -> s.counter(counter)).sum();
    }

    void stop(ChildProcess process) {
        process.stop(Duration.ofSeconds(30));
        children.remove(process);
    }

    /**
     * Identities for {@code count} agents enrolled with this server, reused from {@code file} when it
     * already holds enough of them (enrolment is once per data directory, not once per run).
     */
    Path identities(StewardServer server, Path file, int count) {
        int have = IdentityFile.count(file);
        if (have >= count) {
            report.note("Reused " + have + " enrolled identities from " + repo.relativize(file) + ".");
            return file;
        }
        long start = System.nanoTime();
        String token = server.api().post("/api/v1/enroll-tokens", Map.of("expires", "1d")).get("token").asText();
        X509Certificate ca = server.ca();
        Fingerprint pin = Fingerprint.of(ca);
        // Keep the agents enrolled by earlier runs; enrol only the missing ones (names are unique).
        List<SimIdentity> enrolled = Collections.synchronizedList(new ArrayList<>(
                have == 0 ? List.of() : IdentityFile.read(file, 0, have).identities()));
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = have; i < count; i++) {
                String name = String.format("sim-%05d", i);
                futures.add(pool.submit(() -> {
                    AgentIdentity identity = Enroller.enroll(server.uri(), token, pin, name);
                    enrolled.add(new SimIdentity(name, identity.agentId(), identity.keyPair().getPrivate(),
                            identity.certificate()));
                    int n = done.incrementAndGet();
                    if (n % 1000 == 0) {
                        System.out.printf("  enrolled %d/%d%n", n, count);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("enrolment failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
        enrolled.sort(java.util.Comparator.comparing(SimIdentity::name));
        IdentityFile.write(file, ca, enrolled);
        report.note(String.format("Enrolled %d agents through the real enrolment endpoint in %.1f s (8 in parallel).",
                count - have, (System.nanoTime() - start) / 1e9));
        return file;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void waitFor(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(new TimeoutException("gave up waiting " + timeout.toSeconds() + " s for " + what));
            }
            sleep(Duration.ofMillis(100));
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String benchClasspath() {
        return repo.resolve("bench/target/lib") + "/*";
    }

    @Override
    public void close() {
        List<ChildProcess> all;
        synchronized (children) {
            all = new ArrayList<>(children);
        }
        for (ChildProcess child : all) {
            child.close();
        }
    }
}
