package dev.steward.cli.role;

import dev.steward.cli.UserError;
import dev.steward.server.ServerConfig;
import dev.steward.server.StewardServer;
import dev.steward.server.pki.EnvironmentCa;
import dev.steward.server.store.DatastoreConfig;
import dev.steward.server.tenancy.ProviderBootstrap;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "server", description = "Run the Steward server (REST API and agent endpoints on one HTTPS port).")
public final class ServerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "Where the CA, the embedded datastore and the initial admin token live")
    Path dataDir;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8443",
            description = "Address to listen on (default 127.0.0.1:8443)")
    String listen;

    @Option(names = "--datastore", paramLabel = "JDBC_URL",
            description = "jdbc:postgresql://… for PostgreSQL (user/password from STEWARD_DB_USER/STEWARD_DB_PASSWORD); "
                    + "jdbc:h2:file:… for an H2 file; default: embedded SQLite in DIR (DIR/steward.db), or the H2 "
                    + "datastore already in DIR (DIR/steward.mv.db)")
    String datastore;

    @Option(names = "--hostname", paramLabel = "NAME", description = "Extra DNS name or IP for the server certificate (repeatable)")
    List<String> hostnames = List.of();

    @Option(names = "--disable-push", description = "Refuse WebSocket push connections; agents fall back to polling")
    boolean disablePush;

    @Option(names = "--resource-max-size", paramLabel = "SIZE", defaultValue = "256MiB",
            description = "Largest resource an upload may store, e.g. 64MiB or 2GiB (default 256MiB)")
    String resourceMaxSize;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig base = config(dataDir, listen, datastore, hostnames, !disablePush);
        ServerConfig config = new ServerConfig(base.dataDir(), base.listenHost(), base.listenPort(), base.datastore(),
                base.hostnames(), base.pushEnabled(), ByteSize.parse("--resource-max-size", resourceMaxSize));
        StewardServer server = start(config);
        printBanner(spec.commandLine().getOut(), server);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "steward-server-shutdown"));
        stopped.await();
        return 0;
    }

    static ServerConfig config(Path dataDir, String listen, String datastore, List<String> hostnames, boolean push) {
        HostPort address = HostPort.parse(listen);
        DatastoreConfig store = datastore == null || datastore.isBlank()
                ? DatastoreConfig.embedded(dataDir.toAbsolutePath())
                : new DatastoreConfig(datastore, env("STEWARD_DB_USER"), env("STEWARD_DB_PASSWORD"));
        return new ServerConfig(dataDir, address.host(), address.port(), store, hostnames, push);
    }

    static StewardServer start(ServerConfig config) {
        try {
            return StewardServer.start(config);
        } catch (RuntimeException e) {
            throw new UserError("the server could not start: " + describe(e));
        }
    }

    static void printBanner(PrintWriter out, StewardServer server) {
        ServerConfig config = server.config();
        String host = config.listenHost().contains(":") ? "[" + config.listenHost() + "]" : config.listenHost();
        out.println("Steward server listening on https://" + host + ":" + server.port());
        out.println("  datastore:      " + config.datastore().displayUrl());
        out.println("  CA certificate: " + config.dataDir().resolve(EnvironmentCa.CERT_FILE));
        out.println("  CA fingerprint: " + server.caFingerprint());
        out.println("  push:           " + (config.pushEnabled() ? "enabled (" + dev.steward.protocol.AgentPaths.PUSH + ")" : "disabled"));
        out.println("  admin token:    " + config.dataDir().resolve(ProviderBootstrap.TOKEN_FILE)
                + (server.firstStart() ? " (created now)" : ""));
        out.flush();
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }

    private static String describe(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        while (cause != null) {
            if (cause instanceof java.net.BindException) {
                message.append(" (").append(cause.getMessage()).append(": is another server using that port? try --listen)");
            }
            cause = cause.getCause();
        }
        return message.toString();
    }
}
