package dev.steward.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.cli.Main;
import dev.steward.protocol.Wire;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * One Steward installation under test: a real server process on a loopback port, its data directory,
 * and the agent processes started against it. Admin verbs run through the real CLI code.
 */
final class Installation implements AutoCloseable {
    private static final Pattern FINGERPRINT = Pattern.compile("CA fingerprint: (SHA256:[0-9a-f]{64})");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path root;
    private final Datastore.Setup datastore;
    private final int port;
    private final List<StewardProcess> processes = new ArrayList<>();
    private StewardProcess server;
    private String fingerprint;
    private String adminToken;
    private int serverStarts;
    private boolean restartsOften;

    Installation(Path root, Datastore kind) {
        this.root = root;
        this.datastore = kind.create(dataDir());
        this.port = freePort();
    }

    Installation startServer(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("server", "--data-dir", dataDir().toString(),
                "--listen", "127.0.0.1:" + port));
        args.addAll(List.of(datastore.args()));
        args.addAll(List.of(extraArgs));
        server = track(StewardProcess.start(root.resolve("logs"), "server-" + (++serverStarts), datastore.env(),
                restartsOften ? ServerClassCache.jvmOptions() : List.of(), args.toArray(String[]::new)));
        fingerprint = server.awaitOutput(FINGERPRINT, START_TIMEOUT).group(1);
        server.awaitOutput(Pattern.compile("listening on https://127\\.0\\.0\\.1:" + port), START_TIMEOUT);
        try {
            adminToken = Files.readString(dataDir().resolve("initial-admin-token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The server's datastore, for tests that reach behind the server (for H2: only while it is stopped). */
    dev.steward.server.store.DatastoreConfig datastoreConfig() {
        String[] args = datastore.args();
        if (args.length == 0) {
            return dev.steward.server.store.DatastoreConfig.embedded(dataDir());
        }
        return new dev.steward.server.store.DatastoreConfig(args[1], datastore.env().get("STEWARD_DB_USER"),
                datastore.env().get("STEWARD_DB_PASSWORD"));
    }

    void stopServer() {
        server.stop();
    }

    /** SIGKILL: the server gets no chance to finish anything; {@link #startServer} starts it again on the same data. */
    void killServer() {
        server.kill();
    }

    /**
     * Cheaper server starts, for tests that restart the server dozens of times (see {@link ServerClassCache});
     * the cache is written when a server stops cleanly ({@link #stopServer}).
     */
    Installation restartsOften() {
        restartsOften = true;
        return this;
    }

    Path dataDir() {
        return root.resolve("server");
    }

    Path caFile() {
        return dataDir().resolve("ca.pem");
    }

    String url() {
        return "https://127.0.0.1:" + port;
    }

    String fingerprint() {
        return fingerprint;
    }

    String adminToken() {
        return adminToken;
    }

    StewardProcess server() {
        return server;
    }

    Path stateDir(String agent) {
        return root.resolve("agents").resolve(agent);
    }

    /** Starts an agent process; {@code token} may be null for an already enrolled state dir. */
    StewardProcess startAgent(String name, String token, String pollInterval, String... extra) {
        return startAgentPinned(name, token, fingerprint, pollInterval, extra);
    }

    StewardProcess startAgentPinned(String name, String token, String pin, String pollInterval, String... extra) {
        List<String> args = new ArrayList<>(List.of("agent", "--server", url(), "--state-dir", stateDir(name).toString(),
                "--name", name, "--poll-interval", pollInterval));
        if (token != null) {
            args.addAll(List.of("--enroll-token", token));
        }
        if (pin != null) {
            args.addAll(List.of("--ca-fingerprint", pin));
        }
        args.addAll(List.of(extra));
        return track(StewardProcess.start(root.resolve("logs"), "agent-" + name + "-" + processes.size(), Map.of(),
                args.toArray(String[]::new)));
    }

    /** Enrolls and starts an agent, waiting until the server lists it as online. */
    StewardProcess enrolledAgent(String name, String pollInterval, String... extra) {
        StewardProcess agent = startAgent(name, enrollToken("1h"), pollInterval, extra);
        awaitAgent(name, a -> a.get("status").asText().equals("online"));
        return agent;
    }

    String enrollToken(String expires) {
        return json(cli("enroll-tokens", "create", "--expires", expires, "--output", "json")).get("token").asText();
    }

    JsonNode awaitAgent(String name, Predicate<JsonNode> condition) {
        return awaitAgentAs(adminToken, name, condition);
    }

    /** As {@link #awaitAgent}, for an agent of the tenant whose admin token is given. */
    JsonNode awaitAgentAs(String token, String name, Predicate<JsonNode> condition) {
        return await("agent " + name, () -> {
            for (JsonNode agent : json(cliAs(token, "agents", "list", "--output", "json"))) {
                if (agent.get("name").asText().equals(name) && condition.test(agent)) {
                    return agent;
                }
            }
            return null;
        });
    }

    JsonNode job(String id) {
        return json(cli("jobs", "show", id, "--output", "json"));
    }

    JsonNode awaitJob(String id, Predicate<JsonNode> condition) {
        return await("job " + id, () -> {
            JsonNode job = job(id);
            return condition.test(job) ? job : null;
        });
    }

    /** The REST API directly, for what the CLI does not expose. */
    dev.steward.cli.admin.ApiClient api() {
        return new dev.steward.cli.admin.ApiClient(java.net.URI.create(url() + "/"), caFile(), adminToken);
    }

    record CliResult(int exitCode, String out, String err) {
    }

    /** Runs an admin verb through the real CLI code, authenticated as the provider admin. */
    CliResult cli(String... args) {
        return cliAs(adminToken, args);
    }

    CliResult cliAs(String token, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", url(), "--ca", caFile().toString(), "--token", token));
        return cliRaw(all.toArray(String[]::new));
    }

    /** The CLI exactly as given, without the admin connection flags (e.g. for `agent status`). */
    static CliResult cliRaw(String... args) {
        List<String> all = List.of(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(all.toArray(String[]::new));
        return new CliResult(code, out.toString(), err.toString());
    }

    static JsonNode json(CliResult result) {
        if (result.exitCode() != 0 && result.out().isBlank()) {
            throw new AssertionError("CLI failed (" + result.exitCode() + "): " + result.err());
        }
        try {
            return Wire.json().readTree(result.out());
        } catch (IOException e) {
            throw new AssertionError("CLI printed no JSON: " + result.out() + result.err(), e);
        }
    }

    static <T> T await(String what, java.util.function.Supplier<T> probe) {
        return await(what, Duration.ofSeconds(30), probe);
    }

    static <T> T await(String what, Duration timeout, java.util.function.Supplier<T> probe) {
        Instant deadline = Instant.now().plus(timeout);
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = probe.get();
            if (last != null) {
                return last;
            }
            StewardProcess.sleep(100);
        }
        throw new AssertionError(what + " did not reach the expected state within " + timeout);
    }

    private StewardProcess track(StewardProcess process) {
        processes.add(process);
        return process;
    }

    Map<String, String> logs() {
        Map<String, String> logs = new HashMap<>();
        for (StewardProcess p : processes) {
            logs.put(p.toString(), p.stderr());
        }
        return logs;
    }

    @Override
    public void close() {
        processes.forEach(StewardProcess::close);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
