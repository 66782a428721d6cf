package dev.steward.server;

import dev.steward.server.store.DatastoreConfig;
import java.nio.file.Path;
import java.util.List;

/** Everything {@code steward server} needs to start. */
public record ServerConfig(Path dataDir, String listenHost, int listenPort, DatastoreConfig datastore,
        List<String> hostnames, boolean pushEnabled, long resourceMaxBytes) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8443;
    /** Largest resource an upload may store, unless {@code --resource-max-size} says otherwise. */
    public static final long DEFAULT_RESOURCE_MAX_BYTES = 256L * 1024 * 1024;

    public ServerConfig {
        dataDir = dataDir.toAbsolutePath().normalize();
        hostnames = List.copyOf(hostnames);
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("the listen port must be 0-65535, got " + listenPort);
        }
        if (resourceMaxBytes < 1) {
            throw new IllegalArgumentException("the resource size limit must be at least 1 byte, got " + resourceMaxBytes);
        }
    }

    public ServerConfig(Path dataDir, String listenHost, int listenPort, DatastoreConfig datastore, List<String> hostnames,
            boolean pushEnabled) {
        this(dataDir, listenHost, listenPort, datastore, hostnames, pushEnabled, DEFAULT_RESOURCE_MAX_BYTES);
    }

    /** Push (WebSocket) enabled, the default. */
    public ServerConfig(Path dataDir, String listenHost, int listenPort, DatastoreConfig datastore, List<String> hostnames) {
        this(dataDir, listenHost, listenPort, datastore, hostnames, true);
    }
}
