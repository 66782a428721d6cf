package dev.steward.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/** A running Steward server under test, and its admin API. */
final class StewardServer {
    final ChildProcess process;
    final Path dataDir;
    private final URI uri;
    private AdminApi api;

    StewardServer(ChildProcess process, Path dataDir, URI uri) {
        this.process = process;
        this.dataDir = dataDir;
        this.uri = uri;
    }

    URI uri() {
        return uri;
    }

    long pid() {
        return process.pid();
    }

    X509Certificate ca() {
        return caOf(dataDir);
    }

    /** The environment CA in a server data directory ({@code ca.pem}). */
    static X509Certificate caOf(Path dataDir) {
        try {
            return dev.steward.server.pki.Pem.certificate(Files.readString(dataDir.resolve("ca.pem")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dataDir.resolve("ca.pem"), e);
        }
    }

    boolean readyForApi() {
        return Files.exists(dataDir.resolve("ca.pem")) && Files.exists(dataDir.resolve("initial-admin-token"));
    }

    AdminApi api() {
        if (api == null) {
            try {
                api = new AdminApi(uri, ca(), Files.readString(dataDir.resolve("initial-admin-token")).trim());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return api;
    }
}
