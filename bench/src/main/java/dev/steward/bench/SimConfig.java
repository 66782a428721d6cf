package dev.steward.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a simulator process behaves. {@code runTime} is how long a simulated run "executes" before its
 * result is sent; {@code reconnectWindow} spreads reconnects exactly as the real agent's
 * {@code --reconnect-window} does (uniformly random within it).
 */
public record SimConfig(URI server, String path, Path identities, Path trustRoot, int from, int to, Mode mode,
        Duration runTime, Duration reconnectWindow, Duration pollInterval, Duration heartbeat, int connectConcurrency) {

    public enum Mode { PUSH, POLL }

    public String host() {
        return server.getHost();
    }

    public int port() {
        return server.getPort();
    }
}
