package dev.steward.cli.admin;

import dev.steward.cli.UserError;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How admin verbs find the server: flags first, then STEWARD_SERVER / STEWARD_TOKEN (or
 * STEWARD_TOKEN_FILE) / STEWARD_CA.
 */
public final class Connection {
    @Option(names = "--server", paramLabel = "URL", description = "Server URL (env STEWARD_SERVER; default https://127.0.0.1:8443)")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Admin API token (env STEWARD_TOKEN)")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the admin token (env STEWARD_TOKEN_FILE)")
    Path tokenFile;

    @Option(names = "--ca", paramLabel = "FILE", description = "The server's CA certificate, DIR/ca.pem (env STEWARD_CA)")
    Path ca;

    public ApiClient client() {
        String url = first(server, System.getenv("STEWARD_SERVER"), "https://127.0.0.1:8443");
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url : url + "/");
        } catch (IllegalArgumentException e) {
            throw new UserError("--server is not a URL: '" + url + "'");
        }
        if (!"https".equals(uri.getScheme())) {
            throw new UserError("--server must be an https:// URL, got '" + url + "'");
        }
        String caPath = ca != null ? ca.toString() : System.getenv("STEWARD_CA");
        if (caPath == null || caPath.isBlank()) {
            throw new UserError("pass --ca FILE or set STEWARD_CA to the server's CA certificate (DIR/ca.pem of the server)");
        }
        return new ApiClient(uri, Path.of(caPath), resolveToken());
    }

    private String resolveToken() {
        String value = first(token, System.getenv("STEWARD_TOKEN"), null);
        if (value != null && !value.isBlank()) {
            return value.trim();
        }
        Path file = tokenFile != null ? tokenFile
                : System.getenv("STEWARD_TOKEN_FILE") != null ? Path.of(System.getenv("STEWARD_TOKEN_FILE")) : null;
        if (file == null) {
            throw new UserError("pass --token TOKEN or set STEWARD_TOKEN (the first admin token is in the server's "
                    + "DIR/initial-admin-token)");
        }
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UserError("cannot read the admin token from " + file + ": " + e.getMessage());
        }
    }

    private static String first(String a, String b, String fallback) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        if (b != null && !b.isBlank()) {
            return b;
        }
        return fallback;
    }
}
