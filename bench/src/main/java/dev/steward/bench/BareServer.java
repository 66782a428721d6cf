package dev.steward.bench;

import dev.steward.protocol.AgentBatch;
import dev.steward.protocol.ModuleSpec;
import dev.steward.protocol.OnError;
import dev.steward.protocol.ServerBatch;
import dev.steward.protocol.ServerMessage;
import dev.steward.protocol.TaskSpec;
import dev.steward.protocol.Wire;
import dev.steward.server.http.HttpServer;
import dev.steward.server.pki.EnvironmentCa;
import dev.steward.server.pki.ServerTls;
import io.javalin.websocket.WsContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * The floor for the fan-out, poll and idle benchmarks: Steward's own HTTP stack ({@link HttpServer}:
 * Javalin/Jetty, the same TLS setup, virtual threads, the same WebSocket limits) and the same
 * envelope, but no authentication, no datastore and no job logic. Every batch is acknowledged at
 * once; {@code POST /bare/broadcast?n=N} sends one assign_run to each of N connected sockets.
 */
public final class BareServer {
    static final String PUSH = "/bare/push";
    static final String EXCHANGE = "/bare/exchange";

    private BareServer() {
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        Path dataDir = Path.of(a.required("--data-dir"));
        String[] listen = a.get("--listen", "127.0.0.1:9443").split(":");
        dev.steward.server.store.SecretFiles.createPrivateDirectory(dataDir);
        EnvironmentCa ca = EnvironmentCa.loadOrCreate(dataDir, Clock.systemUTC());
        Map<WsContext, Boolean> sessions = new ConcurrentHashMap<>();
        // The same module the Steward side of a benchmark runs (bench/modules/bench-hello.yaml).
        ModuleSpec module = new ModuleSpec("bench-hello", 1, "one quick command, for benchmarks",
                List.of(new TaskSpec("hello", List.of("echo", "hello"), null, null, 60, OnError.STOP, Map.of())));
        HttpServer server = HttpServer.start(listen[0], Integer.parseInt(listen[1]),
                ServerTls.contextFactory(ca, List.of("127.0.0.1", "localhost")), routes -> {
                    routes.ws(PUSH, ws -> {
                        ws.onConnect(ctx -> {
                            ctx.session.setIdleTimeout(java.time.Duration.ofSeconds(90));
                            sessions.put(ctx, Boolean.TRUE);
                        });
                        ws.onMessage(ctx -> {
                            AgentBatch batch = Wire.json().readValue(ctx.message(), AgentBatch.class);
                            send(ctx, new ServerBatch(batch.id(), List.of(), null));
                        });
                        ws.onClose(sessions::remove);
                        ws.onError(sessions::remove);
                    });
                    routes.post(EXCHANGE, ctx -> {
                        AgentBatch batch = Wire.json().readValue(ctx.bodyAsBytes(), AgentBatch.class);
                        ctx.json(new ServerBatch(batch.id(), List.of(), null));
                    });
                    routes.post("/bare/broadcast", ctx -> {
                        int n = Integer.parseInt(ctx.queryParam("n"));
                        String jobId = UUID.randomUUID().toString();
                        List<WsContext> targets = new ArrayList<>(sessions.keySet());
                        int sent = 0;
                        for (WsContext target : targets) {
                            if (sent == n) {
                                break;
                            }
                            send(target, new ServerBatch(List.of(new ServerMessage.AssignRun(UUID.randomUUID().toString(),
                                    jobId, module, 1 << 20))));
                            sent++;
                        }
                        ctx.json(Map.of("sent", sent, "connected", targets.size()));
                    });
                    routes.get("/bare/connections", ctx -> ctx.json(Map.of("connected", sessions.size())));
                });
        System.out.println("bare server listening on " + listen[0] + ":" + server.port());
        Thread.currentThread().join();
    }

    /** As Steward's PushConnection: one send at a time per socket, waiting until it is written. */
    private static void send(WsContext ctx, ServerBatch batch) throws Exception {
        String json = Wire.json().writeValueAsString(batch);
        synchronized (ctx.session) {
            Callback.Completable written = new Callback.Completable();
            ctx.session.sendText(json, written);
            written.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
