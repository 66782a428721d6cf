package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.cli.UserError;
import dev.steward.protocol.DurationText;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "inventory", description = "Collect and show agent inventory (OS, kernel, CPUs, memory, disks, interfaces).",
        subcommands = {InventoryCommand.Collect.class, InventoryCommand.Show.class})
public final class InventoryCommand {

    static void print(CommandSpec spec, OutputOption output, JsonNode views) {
        output.print(spec.commandLine().getOut(), views, node -> {
            Table table = new Table("AGENT", "RECEIVED", "OS", "KERNEL", "CPUS", "MEMORY", "DISKS", "INTERFACES");
            for (JsonNode view : node.isArray() ? node : List.of(node)) {
                JsonNode inv = view.get("inventory");
                if (inv == null || inv.isNull()) {
                    table.row(view.get("agent").asText(), "never");
                    continue;
                }
                table.row(view.get("agent").asText(), view.get("received_at").asText(),
                        inv.get("os_name").asText() + " " + inv.get("os_version").asText(), inv.get("kernel").asText(),
                        inv.get("cpu_count").asInt(), inv.get("memory_bytes").asLong() / (1024 * 1024) + " MiB",
                        inv.get("disks").size(), inv.get("interfaces").size());
            }
            return table;
        });
    }

    @Command(name = "collect", description = "Ask agents for a fresh inventory (connected agents answer at once).")
    static final class Collect implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Option(names = "--targets", required = true, split = ",", paramLabel = "NAME[,NAME…]") List<String> targets;
        @Option(names = "--wait", description = "Wait for every target's fresh report and print it") boolean await;
        @Option(names = "--timeout", defaultValue = "30s", description = "How long --wait waits (default 30s)") String timeout;

        @Override
        public Integer call() throws InterruptedException {
            Duration limit;
            try {
                limit = DurationText.parse(timeout);
            } catch (IllegalArgumentException e) {
                throw new UserError("--timeout: " + e.getMessage(), 2);
            }
            ApiClient client = connection.client();
            JsonNode request = client.post("/api/v1/inventory/collect", Map.of("targets", targets));
            PrintWriter out = spec.commandLine().getOut();
            if (!await) {
                if (output.json()) {
                    OutputOption.printJson(out, request);
                } else {
                    out.println("asked " + request.get("agents").size() + " agent(s) for their inventory (request "
                            + request.get("request_id").asText() + "); see 'steward inventory show NAME'");
                }
                return 0;
            }
            String path = "/api/v1/inventory?agents=" + ApiClient.segment(String.join(",", targets));
            Instant deadline = Instant.now().plus(limit);
            JsonNode views = client.get(path);
            while (anyPending(views) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
                views = client.get(path);
            }
            print(spec, output, views);
            if (anyPending(views)) {
                spec.commandLine().getErr().println("steward: error: not every agent reported within " + timeout
                        + "; polling agents answer at their next check-in");
                return JobsCommand.EXIT_WAIT_TIMED_OUT;
            }
            return 0;
        }

        private static boolean anyPending(JsonNode views) {
            for (JsonNode view : views) {
                if (view.get("pending").asBoolean()) {
                    return true;
                }
            }
            return false;
        }
    }

    @Command(name = "show", description = "Show an agent's latest inventory.")
    static final class Show implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            print(spec, output, connection.client().get("/api/v1/agents/" + ApiClient.segment(name) + "/inventory"));
            return 0;
        }
    }
}
