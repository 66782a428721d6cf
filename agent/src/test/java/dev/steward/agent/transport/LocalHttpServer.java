package dev.steward.agent.transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * A plain-HTTP server on 127.0.0.1 for exercising {@link HttpsTransport}'s request and error handling
 * (TLS is the JDK client's business and is configured the same way for every request). Records the
 * requests it answered as "METHOD /path?query Accept".
 */
public final class LocalHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    public final List<String> requests = new CopyOnWriteArrayList<>();

    public LocalHttpServer(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Accept"));
            try (exchange) {
                handler.handle(exchange);
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A transport to this server, as the agent builds it (no proxy). */
    public HttpsTransport transport() throws Exception {
        return new HttpsTransport(uri(), SSLContext.getDefault(), null);
    }

    public static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
