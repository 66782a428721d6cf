package dev.steward.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** The bare server (the floor) as a benchmark uses it. */
record Bare(ChildProcess process, Path dataDir, int port) {
    /**
     * Starts the bare server with the Steward server's CA (read only), so the agents' certificates are
     * verified in the TLS handshake exactly as Steward does; only the application-level work is missing.
     */
    static Bare start(Lab lab, Prepared steward) {
        int port = Lab.freePort();
        Path dataDir = steward.server().dataDir;
        return new Bare(lab.startBare(dataDir, port, Bench.JVM), dataDir, port);
    }

    long pid() {
        return process.pid();
    }

    List<String> simulatorArgs(String mode, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server", "https://" + Lab.HOST + ":" + port, "--mode", mode,
                "--path", "push".equals(mode) ? BareServer.PUSH : BareServer.EXCHANGE,
                "--trust", dataDir.resolve("ca.pem").toString()));
        args.addAll(List.of(extra));
        return args;
    }

    /** Sends one assign_run to each of {@code n} connected sockets. */
    void broadcast(int n) {
        try {
            X509Certificate ca = StewardServer.caOf(dataDir);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {dev.steward.agent.tls.PinnedCaTrustManager.TrustAnchors.trustManager(ca)}, null);
            HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("https://" + Lab.HOST + ":" + port + "/bare/broadcast?n=" + n))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("broadcast failed: " + response.statusCode() + " " + response.body());
            }
        } catch (Exception e) {
            throw new IllegalStateException("broadcast failed: " + e, e);
        }
    }
}
