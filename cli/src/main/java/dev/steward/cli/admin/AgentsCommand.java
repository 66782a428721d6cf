package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "agents", description = "List, show, disconnect and revoke enrolled agents.",
        subcommands = {AgentsCommand.ListAgents.class, AgentsCommand.Show.class, AgentsCommand.Disconnect.class,
                AgentsCommand.Revoke.class})
public final class AgentsCommand {

    static void print(CommandSpec spec, OutputOption output, JsonNode agents) {
        output.print(spec.commandLine().getOut(), agents, node -> {
            Table table = new Table("NAME", "STATUS", "CONNECTION", "LAST SEEN", "HOSTNAME", "ID");
            (node.isArray() ? node : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(node))
                    .forEach(a -> table.row(a.get("name").asText(), a.get("status").asText(), a.get("connection").asText(),
                            a.get("last_seen").isNull() ? "never" : a.get("last_seen").asText(),
                            a.path("hostname").asText(null), a.get("id").asText()));
            return table;
        });
    }

    @Command(name = "list", description = "List the agents of your tenant.")
    static final class ListAgents implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            print(spec, output, connection.client().get("/api/v1/agents"));
            return 0;
        }
    }

    @Command(name = "show", description = "Show one agent.")
    static final class Show implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            print(spec, output, connection.client().get("/api/v1/agents/" + ApiClient.segment(name)));
            return 0;
        }
    }

    @Command(name = "disconnect", description = "End an agent's persistent (push) connection; it polls, then reconnects.")
    static final class Disconnect implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            JsonNode agent = connection.client().post("/api/v1/agents/" + ApiClient.segment(name) + "/disconnect", Map.of());
            if (output.json()) {
                OutputOption.printJson(spec.commandLine().getOut(), agent);
            } else {
                spec.commandLine().getOut().println("disconnected agent " + name);
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke an agent: the server refuses its certificate from now on.")
    static final class Revoke implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            JsonNode agent = connection.client().post("/api/v1/agents/" + ApiClient.segment(name) + "/revoke", Map.of());
            if (output.json()) {
                OutputOption.printJson(spec.commandLine().getOut(), agent);
            } else {
                spec.commandLine().getOut().println("revoked agent " + name + "; its certificate is refused from now on");
            }
            return 0;
        }
    }
}
