package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.cli.UserError;
import dev.steward.protocol.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The REST API as the CLI uses it: JSON in, JSON out (plus YAML text and streamed file uploads), the
 * server's error message on failure.
 */
public final class ApiClient {
    /** Exit code when the server could not be asked at all, as opposed to answering no. */
    public static final int EXIT_UNREACHABLE = 3;

    private final URI base;
    private final String token;
    private final HttpClient http;

    public ApiClient(URI base, Path caFile, String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().sslContext(trusting(caFile)).connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    public URI base() {
        return base;
    }

    public JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    public JsonNode post(String path, Object body) {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.json().writeValueAsBytes(body))).build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PUT of a JSON body: replaces a setting (e.g. retention). */
    public JsonNode put(String path, Object body) {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Wire.json().writeValueAsBytes(body))).build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonNode postText(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** DELETE; most answer 204 and so null. */
    public JsonNode delete(String path) {
        return send(request(path).DELETE().build());
    }

    /**
     * GETs a non-JSON answer (e.g. a YAML export) as text; failures still carry the server's JSON error.
     */
    public String getText(String path, String accept) {
        return new String(exchange(request(path).setHeader("Accept", accept + ", application/json").GET().build()).body(),
                StandardCharsets.UTF_8);
    }

    /**
     * POSTs a file as {@code application/octet-stream}, streamed from disk. There is no overall request
     * timeout (a big file on a slow link may take long); connecting still times out, and Ctrl-C stops it.
     */
    public JsonNode upload(String path, Path file) {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (java.io.FileNotFoundException e) {
            throw new UserError("cannot read " + file + ": no such file");
        }
        // Expect: 100-continue lets the server refuse (authentication, content type...) before the body is sent.
        HttpRequest request = request(path, null).expectContinue(true).header("Content-Type", "application/octet-stream")
                .POST(body).build();
        return json(exchange(request, file));
    }

    /**
     * Reads a newline-delimited stream on a background thread, handing each non-empty line to
     * {@code onLine}; closing the returned handle ends it.
     */
    public AutoCloseable streamLines(String path, java.util.function.Consumer<String> onLine) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .header("Authorization", "Bearer " + token).GET().build();
        java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        Thread reader = Thread.ofVirtual().name("steward-follow").start(() -> {
            try (java.util.stream.Stream<String> lines = response.join().body()) {
                lines.filter(line -> !line.isBlank()).forEach(onLine);
            } catch (RuntimeException e) {
                // The stream ended or was closed: following is best effort.
            }
        });
        return () -> {
            response.thenAccept(r -> r.body().close());
            response.cancel(true);
            reader.interrupt();
        };
    }

    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        return request(path, Duration.ofSeconds(60));
    }

    /** A request to the API; {@code timeout} null means none beyond the connect timeout. */
    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        return timeout == null ? builder : builder.timeout(timeout);
    }

    private JsonNode send(HttpRequest request) {
        return json(exchange(request, null));
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return response.body().length == 0 ? null : Wire.json().readTree(response.body());
        } catch (IOException e) {
            throw new ApiFailure(response.statusCode(), "the server sent an unreadable answer (HTTP "
                    + response.statusCode() + ")");
        }
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        return exchange(request, null);
    }

    /**
     * Sends the request; a 4xx/5xx becomes an {@link ApiFailure} carrying the server's own message.
     * {@code upload}, when set, is the file being sent: a server that refuses it part-way closes the
     * connection, which the client only sees as a failed exchange, so the error says what may have happened.
     */
    private HttpResponse<byte[]> exchange(HttpRequest request, Path upload) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (javax.net.ssl.SSLHandshakeException e) {
            throw new UserError("the server at " + base + " is not the one whose CA you gave (TLS: " + e.getMessage()
                    + "); check --ca / STEWARD_CA points at that server's DIR/ca.pem", EXIT_UNREACHABLE);
        } catch (IOException e) {
            if (upload != null && !(e instanceof java.net.ConnectException)) {
                throw new UserError("sending " + upload + " to " + base + " failed: " + (e.getMessage() == null
                        ? e.getClass().getSimpleName() : e.getMessage()) + " (if the server is up, it may have refused the "
                        + "file part-way: larger than its --resource-max-size, a bad --name, or a token without permission "
                        + "to manage modules)", EXIT_UNREACHABLE);
            }
            throw new UserError("cannot reach the server at " + base + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()) + " (is it running? is --server right?)",
                    EXIT_UNREACHABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
        if (response.statusCode() >= 400) {
            JsonNode body;
            try {
                body = response.body().length == 0 ? null : Wire.json().readTree(response.body());
            } catch (IOException e) {
                body = null;
            }
            String message = body != null && body.hasNonNull("error") ? body.get("error").asText()
                    : "HTTP " + response.statusCode() + " for " + request.method() + " " + request.uri().getPath()
                    + (response.statusCode() == 404 ? " (is the server older than this CLI?)" : "");
            throw new ApiFailure(response.statusCode(), message);
        }
        return response;
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("steward-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UserError("cannot read the CA certificate " + caFile + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new UserError(caFile + " is not a PEM certificate: " + e.getMessage());
        }
    }
}
