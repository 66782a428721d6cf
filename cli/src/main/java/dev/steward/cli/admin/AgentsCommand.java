package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "agents", description = "List, show, label, disconnect and revoke enrolled agents.",
        subcommands = {AgentsCommand.ListAgents.class, AgentsCommand.Show.class, AgentsCommand.Set.class,
                AgentsCommand.Label.class, AgentsCommand.Disconnect.class, AgentsCommand.Revoke.class})
public final class AgentsCommand {

    static void print(CommandSpec spec, OutputOption output, JsonNode agents) {
        output.print(spec.commandLine().getOut(), agents, node -> {
            Table table = new Table("NAME", "STATUS", "CONNECTION", "LAST SEEN", "TEAM", "HOSTNAME", "ID");
            (node.isArray() ? node : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(node))
                    .forEach(a -> table.row(a.get("name").asText(), a.get("status").asText(), a.get("connection").asText(),
                            a.get("last_seen").isNull() ? "never" : a.get("last_seen").asText(),
                            a.path("primary_team").asText(null), a.path("hostname").asText(null), a.get("id").asText()));
            return table;
        });
    }

    /** POSTs an action on one agent and reports it: the agent as JSON, or one line for people. */
    static int act(Connection connection, OutputOption output, CommandSpec spec, String name, String action, String done) {
        JsonNode agent = connection.client().post("/api/v1/agents/" + ApiClient.segment(name) + "/" + action, Map.of());
        if (output.json()) {
            OutputOption.printJson(spec.commandLine().getOut(), agent);
        } else {
            spec.commandLine().getOut().println(done);
        }
        return 0;
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
            JsonNode agent = connection.client().get("/api/v1/agents/" + ApiClient.segment(name));
            print(spec, output, agent);
            if (!output.json()) {
                var out = spec.commandLine().getOut();
                out.println("primary team: " + (agent.path("primary_team").isTextual()
                        ? Terminal.safe(agent.get("primary_team").asText()) : "none"));
                out.println("labels:       " + KeyValues.describe(agent.get("labels")));
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "label", description = {"Set or remove labels an admin gives an agent (over the labels it derives itself).",
            "Team rules and job selectors (--selector) match labels."})
    static final class Label implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1..*", arity = "0..*", paramLabel = "key=value", description = "Labels to set")
        java.util.List<String> pairs = new java.util.ArrayList<>();
        @Option(names = "--remove", paramLabel = "KEY", description = "A label to remove (repeatable)")
        java.util.List<String> remove = new java.util.ArrayList<>();

        @Override
        public Integer call() {
            if (pairs.isEmpty() && remove.isEmpty()) {
                throw new dev.steward.cli.UserError("usage: steward agents label NAME key=value [key=value ...] [--remove KEY ...]", 2);
            }
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("set", KeyValues.parse(pairs, "env=prod, os=linux"));
            body.put("remove", remove);
            output.report(spec.commandLine().getOut(), connection.client().post("/api/v1/agents/"
                    + ApiClient.segment(name) + "/labels", body), agent -> "agent " + Terminal.safe(agent.get("name").asText())
                    + " labels: " + KeyValues.describe(agent.get("labels")));
            return 0;
        }
    }

    @Command(name = "set", description = {
            "Change settings the server holds for an agent (or, with --tenant-default, for all of your tenant's agents).",
            "Keys: mode=poll|push, poll_interval=DURATION, output_limit=SIZE (e.g. 1MiB). An empty value unsets a key.",
            "Connected (push) agents apply a change at once; polling agents at their next check-in."})
    static final class Set implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Option(names = "--tenant-default", description = "Set the tenant-wide default instead of one agent's setting")
        boolean tenantDefault;
        @Parameters(paramLabel = "NAME key=value", arity = "1..*",
                description = "The agent's name (omit with --tenant-default), then one or more key=value")
        java.util.List<String> words;

        @Override
        public Integer call() {
            java.util.List<String> pairs = tenantDefault ? words : words.subList(1, words.size());
            if (!tenantDefault && (words.getFirst().contains("=") || pairs.isEmpty())) {
                throw new dev.steward.cli.UserError("usage: steward agents set NAME key=value [key=value ...] "
                        + "(or --tenant-default key=value ...)", 2);
            }
            java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new dev.steward.cli.UserError("'" + pair + "' is not key=value (e.g. mode=push, poll_interval=30s)", 2);
                }
                settings.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            String path = tenantDefault ? "/api/v1/agent-defaults"
                    : "/api/v1/agents/" + ApiClient.segment(words.getFirst()) + "/settings";
            JsonNode result = connection.client().post(path, Map.of("settings", settings));
            if (output.json()) {
                OutputOption.printJson(spec.commandLine().getOut(), result);
            } else {
                JsonNode effective = result.get("effective");
                spec.commandLine().getOut().println((tenantDefault ? "tenant default" : "agent " + words.getFirst())
                        + " now: mode=" + text(effective, "mode", "") + " poll_interval="
                        + text(effective, "poll_interval_seconds", "s") + " output_limit="
                        + text(effective, "output_limit_bytes", " bytes") + " (unset: the agent's own)");
            }
            return 0;
        }

        private static String text(JsonNode node, String field, String unit) {
            return node.get(field).isNull() ? "unset" : node.get(field).asText() + unit;
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
            return act(connection, output, spec, name, "disconnect", "disconnected agent " + name);
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
            return act(connection, output, spec, name, "revoke", "revoked agent " + name
                    + "; its certificate is refused from now on");
        }
    }
}
