package dev.steward.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** A real HTTP forward proxy (Debian's tinyproxy) on a loopback port, with its own config and log. */
final class ForwardProxy implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private ForwardProxy(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ForwardProxy start(Path dir) {
        if (!Files.isExecutable(Path.of("/usr/bin/tinyproxy"))) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true but tinyproxy is missing: run the suite with ./run-tests");
            }
            Assumptions.abort("the proxy tests need tinyproxy (./run-tests installs it)");
        }
        try {
            Files.createDirectories(dir);
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Path config = dir.resolve("tinyproxy.conf");
            // No ConnectPort line: CONNECT is allowed to any port (the server's is random).
            Files.writeString(config, """
                    Port %d
                    Listen 127.0.0.1
                    Timeout 600
                    LogLevel Connect
                    MaxClients 200
                    Allow 127.0.0.1
                    """.formatted(port));
            Path log = dir.resolve("tinyproxy.log");
            Process process = new ProcessBuilder("/usr/bin/tinyproxy", "-d", "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ForwardProxy proxy = new ForwardProxy(process, port, log);
            proxy.awaitListening();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start tinyproxy", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** How many CONNECT tunnels the proxy opened so far. */
    long tunnels() {
        try {
            return Files.readAllLines(log).stream().filter(line -> line.contains("Request") && line.contains("CONNECT")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                StewardProcess.sleep(50);
            }
        }
        throw new AssertionError("tinyproxy did not start listening on " + port);
    }

    @Override
    public void close() {
        // Tunnels may live in child processes: take the whole tree down, or they outlive the proxy.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
