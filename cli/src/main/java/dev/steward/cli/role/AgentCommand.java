package dev.steward.cli.role;

import dev.steward.agent.AgentConfig;
import dev.steward.agent.AgentMode;
import dev.steward.agent.StewardAgent;
import dev.steward.agent.identity.Enroller;
import dev.steward.agent.identity.Host;
import dev.steward.cli.UserError;
import dev.steward.protocol.DurationText;
import dev.steward.protocol.Fingerprint;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "agent", description = "Run the Steward agent: enroll on first start, then poll the server for work.",
        subcommands = AgentStatusCommand.class)
public final class AgentCommand implements Callable<Integer> {
    /** Exit code when the server refuses this agent (revoked): restarting will not help. */
    static final int EXIT_REFUSED = 3;

    // Checked in config() rather than by picocli, so that `steward agent status` does not need them.
    @Option(names = "--server", paramLabel = "URL", description = "https://HOST:PORT of the server (required)")
    String server;

    @Option(names = "--enroll-token", paramLabel = "TOKEN", description = "Enrollment token (first start only)")
    String enrollToken;

    @Option(names = "--ca-fingerprint", paramLabel = "SHA256:HEX",
            description = "Fingerprint of the server's CA, as printed by the server (first start only)")
    String caFingerprint;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Identity, spool and work files (required)")
    Path stateDir;

    @Option(names = "--name", paramLabel = "NAME", description = "Agent name (default: this host's name)")
    String name;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "60s",
            description = "How often to check in (default 60s; jittered ±10%%)")
    String pollInterval;

    @Option(names = "--mode", paramLabel = "poll|push", defaultValue = "poll",
            description = "poll (default) or push: keep a WebSocket open so work arrives at once; falls back to polling")
    String mode;

    @Option(names = "--proxy", paramLabel = "http://HOST:PORT",
            description = "Reach the server through this HTTP proxy (CONNECT) for enrollment, polling and push")
    String proxy;

    @Option(names = "--reconnect-window", paramLabel = "DURATION", defaultValue = "10s",
            description = "After losing the push connection, reconnect at a random moment within this (default 10s)")
    String reconnectWindow;

    @Override
    public Integer call() throws IOException {
        AgentConfig config = config();
        try (StewardAgent agent = new StewardAgent(config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "steward-agent-shutdown"));
            agent.run();
            return 0;
        } catch (Enroller.EnrollmentFailedException e) {
            throw new UserError(e.getMessage());
        } catch (StewardAgent.AgentRefusedException e) {
            throw new UserError(e.getMessage(), EXIT_REFUSED);
        } catch (dev.steward.agent.transport.ServerRejectedException e) {
            throw new UserError("the server refused: " + e.getMessage());
        } catch (dev.steward.agent.transport.ServerUnreachableException e) {
            throw new UserError(e.getMessage());
        }
    }

    AgentConfig config() {
        if (server == null || stateDir == null) {
            throw new UserError("steward agent needs --server URL and --state-dir DIR", 2);
        }
        Duration interval;
        try {
            interval = DurationText.parse(pollInterval);
        } catch (IllegalArgumentException e) {
            throw new UserError("--poll-interval: " + e.getMessage(), 2);
        }
        Fingerprint pin;
        try {
            pin = caFingerprint == null ? null : Fingerprint.parse(caFingerprint);
        } catch (IllegalArgumentException e) {
            throw new UserError("--ca-fingerprint: " + e.getMessage(), 2);
        }
        URI uri;
        try {
            uri = URI.create(server);
        } catch (IllegalArgumentException e) {
            throw new UserError("--server is not a URL: '" + server + "'", 2);
        }
        try {
            return new AgentConfig(uri, enrollToken, pin, stateDir, name == null ? Host.name() : name, interval,
                    AgentMode.parse(mode), DurationText.parse(reconnectWindow), proxy == null ? null : URI.create(proxy));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), 2);
        }
    }
}
