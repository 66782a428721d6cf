package dev.steward.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One simulator process: agents {@code [from, to)} of an identity file, on a few shared event loops.
 * Reports on stdout ({@code stat ...} once a second, {@code done RUN_ID EPOCH_MS} when a result is
 * acknowledged, i.e. stored); takes {@code mark}, {@code report} and {@code quit} on stdin.
 * Exits by itself after {@code --max-lifetime} whatever happens, so no simulator outlives its benchmark.
 */
public final class Simulator {
    private Simulator() {
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        SimConfig.Mode mode = SimConfig.Mode.valueOf(a.get("--mode", "push").toUpperCase(java.util.Locale.ROOT));
        String path = a.get("--path", mode == SimConfig.Mode.PUSH ? dev.steward.protocol.AgentPaths.PUSH
                : dev.steward.protocol.AgentPaths.EXCHANGE);
        SimConfig config = new SimConfig(URI.create(a.required("--server")), path,
                Path.of(a.required("--identities")), a.has("--trust") ? Path.of(a.get("--trust", null)) : null,
                a.integer("--from", 0), a.integer("--to", Integer.MAX_VALUE), mode,
                Duration.ofMillis(a.integer("--run-ms", 0)), Duration.ofMillis(a.integer("--reconnect-window-ms", 10_000)),
                Duration.ofMillis(a.integer("--poll-interval-ms", 60_000)), Duration.ofMillis(a.integer("--heartbeat-ms", 30_000)),
                a.integer("--connect-concurrency", 64));
        Duration maxLifetime = Duration.ofSeconds(a.integer("--max-lifetime-s", 3600));

        IdentityFile.Contents identities = IdentityFile.read(config.identities(), config.from(), config.to());
        X509Certificate root = config.trustRoot() == null ? identities.ca() : dev.steward.server.pki.Pem.certificate(java.nio.file.Files.readString(config.trustRoot()));
        SimTls tls = new SimTls(root, identities.identities());
        NioEventLoopGroup loops = new NioEventLoopGroup(a.integer("--threads", 2));
        Fleet fleet = new Fleet(config, loops, tls);
        List<SimAgent> agents = new ArrayList<>();
        for (int i = 0; i < identities.identities().size(); i++) {
            EventLoop loop = loops.next();
            SimIdentity identity = identities.identities().get(i);
            agents.add(config.mode() == SimConfig.Mode.PUSH ? new PushAgent(i, identity, fleet, loop)
                    : new PollAgent(i, identity, fleet, loop));
        }
        fleet.print("ready agents=" + agents.size() + " mode=" + config.mode().name().toLowerCase(java.util.Locale.ROOT));
        fleet.flushOutput();

        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reporter");
            t.setDaemon(true);
            return t;
        });
        reporter.scheduleAtFixedRate(() -> fleet.flushOutput(), 200, 200, TimeUnit.MILLISECONDS);
        reporter.scheduleAtFixedRate(() -> fleet.print(fleet.counters().line()), 1000, 1000, TimeUnit.MILLISECONDS);
        reporter.schedule(() -> {
            fleet.print("exit max-lifetime reached");
            fleet.flushOutput();
            Runtime.getRuntime().halt(0);
        }, maxLifetime.toMillis(), TimeUnit.MILLISECONDS);

        agents.forEach(fleet::connectGated);

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            switch (line.trim()) {
                case "mark" -> {
                    fleet.latencies().mark();
                    fleet.print("marked " + System.currentTimeMillis() + " " + fleet.counters().line().substring(5));
                }
                case "report" -> fleet.print(fleet.latencies().summary());
                case "quit" -> {
                    fleet.flushOutput();
                    Runtime.getRuntime().halt(0);
                }
                default -> fleet.print("unknown command '" + line + "' (mark, report, quit)");
            }
            fleet.flushOutput();
        }
        // The driver went away: so do we.
        fleet.flushOutput();
        Runtime.getRuntime().halt(0);
    }
}
