package dev.steward.server.http;

import dev.steward.protocol.ErrorBody;
import dev.steward.protocol.Wire;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single HTTPS port: REST API and agent endpoints. Every failure leaves as a JSON
 * {@link ErrorBody}; unexpected ones are logged with an id the client sees, and never take the server down.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final Javalin app;

    private HttpServer(Javalin app) {
        this.app = app;
    }

    public static HttpServer start(String host, int port, SslContextFactory.Server tls, Consumer<RoutesConfig> routes) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.jsonMapper(new JavalinJackson(Wire.json(), true));
            config.http.maxRequestSize = dev.steward.protocol.ProtocolLimits.MAX_AGENT_REQUEST_BYTES;
            config.jetty.addConnector((server, httpConfig) -> connector(server, httpConfig, tls, host, port));
            config.jetty.modifyWebSocketServletFactory(factory -> {
                factory.setMaxTextMessageSize(dev.steward.protocol.ProtocolLimits.MAX_AGENT_REQUEST_BYTES);
                factory.setIdleTimeout(java.time.Duration.ofSeconds(90));
            });
            config.routes.get("/api/v1/health", ctx -> ctx.json(java.util.Map.of("status", "ok")));
            routes.accept(config.routes);
            config.routes.exception(ApiException.class, (e, ctx) -> {
                if (e.retryAfterSeconds() > 0) {
                    ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
                }
                ctx.status(e.status()).json(new ErrorBody(e.status(), e.getMessage(), e.field()));
            });
            config.routes.exception(org.jdbi.v3.core.statement.UnableToExecuteStatementException.class, (e, ctx) -> {
                if (isConstraintViolation(e)) {
                    ctx.status(409).json(new ErrorBody(409, "the request conflicts with a change made at the same "
                            + "time (a name or id already taken); check the current state and retry", null));
                } else if (dev.steward.server.store.SqlErrors.isBusy(e)) {
                    ctx.header("Retry-After", "2");
                    ctx.status(503).json(new ErrorBody(503, "the datastore is busy; retry later", null));
                } else {
                    internalError(e, ctx);
                }
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                if (dev.steward.server.store.SqlErrors.isBusy(e)) { // e.g. a transaction that could not begin
                    ctx.header("Retry-After", "2");
                    ctx.status(503).json(new ErrorBody(503, "the datastore is busy; retry later", null));
                } else {
                    internalError(e, ctx);
                }
            });
            config.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) {
                    ctx.json(new ErrorBody(404, "no such endpoint: " + ctx.method() + " " + Printable.clip(ctx.path(), 200), null));
                }
            });
            config.routes.error(405, ctx -> ctx.json(new ErrorBody(405,
                    "method " + ctx.method() + " is not allowed on " + Printable.clip(ctx.path(), 200), null)));
        });
        app.start();
        return new HttpServer(app);
    }

    private static void internalError(Exception e, io.javalin.http.Context ctx) {
        String incident = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("unexpected error serving {} {} (incident {})", ctx.method(), ctx.path(), incident, e);
        ctx.status(500).json(new ErrorBody(500, "internal server error (incident " + incident
                + "); the server log has the details", null));
    }

    private static boolean isConstraintViolation(Throwable e) {
        return dev.steward.server.store.SqlErrors.isConstraintViolation(e);
    }

    private static ServerConnector connector(org.eclipse.jetty.server.Server server, HttpConfiguration httpConfig,
            SslContextFactory.Server tls, String host, int port) {
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        httpConfig.addCustomizer(secure);
        httpConfig.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(httpConfig));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(120_000);
        return connector;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
