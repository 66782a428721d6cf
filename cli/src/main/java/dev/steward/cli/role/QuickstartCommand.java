package dev.steward.cli.role;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.agent.AgentConfig;
import dev.steward.agent.AgentMode;
import dev.steward.agent.StewardAgent;
import dev.steward.cli.UserError;
import dev.steward.cli.admin.ApiClient;
import dev.steward.cli.admin.ApiFailure;
import dev.steward.server.StewardServer;
import dev.steward.server.pki.EnvironmentCa;
import dev.steward.server.tenancy.ProviderBootstrap;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A complete local installation in one command: a server on the embedded datastore, one agent enrolled
 * for this machine, and the example module applied. Re-running it reuses the same directory.
 */
@Command(name = "quickstart", description = "Start a server (embedded datastore) plus one local agent, ready to try.")
public final class QuickstartCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to keep everything (default ./.steward-quickstart)")
    Path dir;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8443",
            description = "Server address (default 127.0.0.1:8443)")
    String listen;

    @Option(names = "--agent-name", paramLabel = "NAME", defaultValue = "local", description = "Name of the local agent (default local)")
    String agentName;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getenv().getOrDefault("STEWARD_HOME", ".")).toAbsolutePath().normalize();
        Path root = (dir != null ? dir : home.resolve(".steward-quickstart")).toAbsolutePath().normalize();
        Path serverDir = root.resolve("server");
        Path agentDir = root.resolve("agent");
        PrintWriter out = spec.commandLine().getOut();

        StewardServer server = ServerCommand.start(ServerCommand.config(serverDir, listen, null, List.of(), true));
        String url = "https://127.0.0.1:" + server.port();
        Path ca = serverDir.resolve(EnvironmentCa.CERT_FILE);
        Path tokenFile = serverDir.resolve(ProviderBootstrap.TOKEN_FILE);
        ApiClient api = new ApiClient(URI.create(url + "/"), ca, Files.readString(tokenFile).trim());

        String enrollToken = null;
        if (!Files.exists(agentDir.resolve("cert.pem"))) {
            enrollToken = api.post("/api/v1/enroll-tokens", Map.of("expires", "1h")).get("token").asText();
        }
        applyExample(api, home.resolve("examples/hello.yaml"));

        // Push mode: a job reaches the local agent at once rather than at its next poll.
        StewardAgent agent = new StewardAgent(new AgentConfig(URI.create(url), enrollToken, server.caFingerprint(),
                agentDir, agentName, Duration.ofSeconds(30), AgentMode.PUSH, AgentConfig.DEFAULT_RECONNECT_WINDOW, null));
        Thread agentThread = Thread.ofPlatform().name("steward-agent").daemon().start(() -> {
            try {
                agent.run();
            } catch (Exception e) {
                spec.commandLine().getErr().println("steward: error: the local agent stopped: " + e.getMessage());
            }
        });
        awaitOnline(api, agentThread);

        out.println("Steward is running.");
        out.println("  server:       " + url + "  (CA fingerprint " + server.caFingerprint() + ")");
        out.println("  admin token:  " + tokenFile);
        out.println("  local agent:  " + agentName + " (state in " + agentDir + ")");
        out.println();
        out.println("In another terminal, point the CLI at it:");
        out.println("  export STEWARD_SERVER=" + url + " STEWARD_CA=" + ca + " STEWARD_TOKEN_FILE=" + tokenFile);
        out.println("Then try:");
        out.println("  ./steward agents list");
        out.println("  ./steward jobs run hello --targets " + agentName + " --wait");
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            server.close();
            stopped.countDown();
        }, "steward-quickstart-shutdown"));
        stopped.await();
        return 0;
    }

    /** Applies the example module unless the installation already has one by that name. */
    private static void applyExample(ApiClient api, Path example) throws IOException {
        if (!Files.exists(example)) {
            return;
        }
        try {
            api.get("/api/v1/modules/hello");
        } catch (ApiFailure notFound) {
            if (notFound.status() != 404) {
                throw notFound;
            }
            api.postText("/api/v1/modules", "application/yaml", Files.readString(example));
        }
    }

    private void awaitOnline(ApiClient api, Thread agentThread) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline) && agentThread.isAlive()) {
            for (JsonNode agent : api.get("/api/v1/agents")) {
                if (agent.get("name").asText().equals(agentName) && agent.get("status").asText().equals("online")) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new UserError("the local agent did not come online within 30 s; see the messages above");
    }
}
