package dev.steward.agent.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.exec.CancellationToken;
import dev.steward.agent.exec.ResourceProvider.Lease;
import dev.steward.agent.transport.HttpsTransport;
import dev.steward.agent.transport.LocalHttpServer;
import dev.steward.protocol.ResourceRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The cache fed by the real transport from a local server: the request the agent makes, end to end. */
@Timeout(20)
class ServerResourceSourceTest {

    private static final String CONTENT = "#!/bin/sh\necho configured\n";
    private static final String SHA256 = ResourceCacheTest.sha256(CONTENT);

    @TempDir
    Path stateDir;

    @Test
    void downloadsFromTheResourcesEndpointNamingTheRun() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(exchange -> {
            boolean known = exchange.getRequestURI().getPath().equals("/agent/v1/resources/" + SHA256);
            LocalHttpServer.answer(exchange, known ? 200 : 404,
                    known ? CONTENT.getBytes(StandardCharsets.UTF_8) : new byte[0]);
        })) {
            HttpsTransport transport = server.transport();
            ResourceCache cache = new ResourceCache(stateDir, new ServerResourceSource(() -> transport));
            ResourceRef ref = new ResourceRef("setup.sh", SHA256, (long) CONTENT.length());

            try (Lease lease = cache.obtain(ref, "run 1/2", new CancellationToken())) {
                assertThat(Files.readString(lease.path())).isEqualTo(CONTENT);
            }
            cache.obtain(ref, "run-3", new CancellationToken()).close(); // cached: no second request

            assertThat(server.requests).containsExactly(
                    "GET /agent/v1/resources/" + SHA256 + "?run=run+1%2F2 application/octet-stream");
        }
    }

    @Test
    void aResourceTheServerDoesNotHaveFailsWithItsStatus() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(exchange -> LocalHttpServer.answer(exchange, 404,
                "{\"status\":404,\"error\":\"no such resource\"}".getBytes(StandardCharsets.UTF_8)))) {
            HttpsTransport transport = server.transport();
            ResourceCache cache = new ResourceCache(stateDir, new ServerResourceSource(() -> transport));

            assertThatThrownBy(() -> cache.obtain(new ResourceRef("setup.sh", SHA256, 5L), "r", new CancellationToken()))
                    .hasMessage("the server refused resource 'setup.sh' (HTTP 404): no such resource");
        }
    }
}
