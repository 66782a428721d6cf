package dev.steward.agent;

import dev.steward.protocol.Fingerprint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code steward agent} was started. The enrollment token and CA fingerprint are needed only for the
 * first start; afterwards the identity in the state directory is used.
 */
public record AgentConfig(URI server, String enrollToken, Fingerprint caFingerprint, Path stateDir, String name,
        Duration pollInterval, AgentMode mode, Duration reconnectWindow, URI proxy) {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(60);
    /** After losing its push connection, an agent waits a random time within this before reconnecting. */
    public static final Duration DEFAULT_RECONNECT_WINDOW = Duration.ofSeconds(10);

    /** A polling agent with the default reconnect window. */
    public AgentConfig(URI server, String enrollToken, Fingerprint caFingerprint, Path stateDir, String name,
            Duration pollInterval) {
        this(server, enrollToken, caFingerprint, stateDir, name, pollInterval, AgentMode.POLL, DEFAULT_RECONNECT_WINDOW,
                null);
    }

    public AgentConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(stateDir, "stateDir");
        if (!"https".equals(server.getScheme()) || server.getHost() == null) {
            throw new IllegalArgumentException("--server must be an https:// URL such as https://steward.example:8443, got '"
                    + server + "'");
        }
        if (pollInterval == null) {
            pollInterval = DEFAULT_POLL_INTERVAL;
        }
        if (pollInterval.toMillis() < 200 || pollInterval.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("--poll-interval must be between 200ms and 1d, got " + pollInterval);
        }
        stateDir = stateDir.toAbsolutePath().normalize();
        if (mode == null) {
            mode = AgentMode.POLL;
        }
        if (reconnectWindow == null) {
            reconnectWindow = DEFAULT_RECONNECT_WINDOW;
        }
        if (proxy != null && (!"http".equals(proxy.getScheme()) || proxy.getHost() == null || proxy.getPort() < 1)) {
            throw new IllegalArgumentException("--proxy must look like http://HOST:PORT (an HTTP proxy that supports "
                    + "CONNECT), got '" + proxy + "'");
        }
        if (reconnectWindow.isNegative() || reconnectWindow.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("--reconnect-window must be between 0s and 1h, got " + reconnectWindow);
        }
    }
}
