package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.cli.UserError;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "teams", description = {"Group agents into teams: by hand, by label rules, and as their primary team.",
        "An agent's primary team gives it settings and trusts; it may be a member of many teams."},
        subcommands = {TeamsCommand.Create.class, TeamsCommand.ListTeams.class, TeamsCommand.Show.class,
                TeamsCommand.Add.class, TeamsCommand.Remove.class, TeamsCommand.Primary.class, TeamsCommand.Rules.class,
                TeamsCommand.Set.class, TeamsCommand.Move.class, TeamsCommand.Rename.class, TeamsCommand.Delete.class})
public final class TeamsCommand {

    static String path(String name) {
        return "/api/v1/teams/" + ApiClient.segment(name);
    }

    static String rules(JsonNode team) {
        List<String> rules = new ArrayList<>();
        team.path("rules").forEach(r -> rules.add(r.asText()));
        return rules.isEmpty() ? "none" : Terminal.safe(String.join("; ", rules));
    }

    static String settings(JsonNode team) {
        JsonNode s = team.path("settings");
        return "mode=" + value(s, "mode", "") + " poll_interval=" + value(s, "poll_interval_seconds", "s")
                + " output_limit=" + value(s, "output_limit_bytes", " bytes");
    }

    private static String value(JsonNode node, String field, String unit) {
        return node.path(field).isMissingNode() || node.path(field).isNull() ? "unset" : node.get(field).asText() + unit;
    }

    static String members(JsonNode team) {
        return "team " + Terminal.safe(team.get("name").asText()) + ": " + count(team.get("member_count").asInt(), "member")
                + " (" + team.get("primary_count").asInt() + " with it as primary team)";
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    @Command(name = "create", description = "Create a team, optionally in a team folder and with label rules.")
    static final class Create implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--folder", paramLabel = "PATH", description = "Team folder (default: the root)") String folder;
        @Option(names = "--rule", paramLabel = "key=v[,k2=v2]",
                description = "A label rule: agents whose labels match all its pairs are members (repeatable; any rule matches)")
        List<String> rules = new ArrayList<>();

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("folder", folder);
            body.put("rules", rules);
            output.report(spec.commandLine().getOut(), connection.client().post("/api/v1/teams", body),
                    team -> "created team " + Terminal.safe(team.get("name").asText()) + " in "
                            + Terminal.safe(team.get("folder").asText("/")) + " (" + count(team.get("member_count").asInt(), "member") + ")");
            return 0;
        }
    }

    @Command(name = "list", description = "List teams.")
    static final class ListTeams implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), connection.client().get("/api/v1/teams"), teams -> {
                Table table = new Table("NAME", "FOLDER", "MEMBERS", "PRIMARY", "RULES");
                teams.forEach(t -> table.row(t.get("name").asText(), t.get("folder").asText("/"), t.get("member_count").asInt(),
                        t.get("primary_count").asInt(), rules(t)));
                return table;
            });
            return 0;
        }
    }

    @Command(name = "show", description = "Show a team: folder, rules, settings, and each member with why it belongs.")
    static final class Show implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            JsonNode team = connection.client().get(path(name));
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                OutputOption.printJson(out, team);
                return 0;
            }
            out.println("team:     " + Terminal.safe(team.get("name").asText()));
            out.println("folder:   " + Terminal.safe(team.get("folder").asText("/")));
            out.println("rules:    " + rules(team));
            out.println("settings: " + settings(team));
            Table table = new Table("AGENT", "PRIMARY", "VIA");
            team.path("members").forEach(m -> {
                List<String> via = new ArrayList<>();
                m.path("via").forEach(v -> via.add(v.asText()));
                table.row(m.get("agent").asText(), m.get("primary").asBoolean() ? "yes" : "no", String.join(", ", via));
            });
            table.print(out);
            return 0;
        }
    }

    @Command(name = "add", description = "Add agents to a team explicitly.")
    static final class Add implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "AGENT") List<String> agents;

        @Override
        public Integer call() {
            output.report(spec.commandLine().getOut(), connection.client().post(path(name) + "/members/add",
                    Map.of("agents", agents)), TeamsCommand::members);
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove agents' explicit membership of a team (rules and primary still apply).")
    static final class Remove implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "AGENT") List<String> agents;

        @Override
        public Integer call() {
            output.report(spec.commandLine().getOut(), connection.client().post(path(name) + "/members/remove",
                    Map.of("agents", agents)), TeamsCommand::members);
            return 0;
        }
    }

    @Command(name = "primary", description = {"Make a team the primary team of agents (settings and trusts come from it),",
            "or with --none clear the agents' primary team: steward teams primary --none AGENT..."})
    static final class Primary implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Option(names = "--none", description = "Clear the primary team of the named agents instead") boolean none;
        @Parameters(paramLabel = "NAME AGENT", arity = "1..*",
                description = "The team's name (omit with --none), then one or more agent names")
        List<String> words;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (none) {
                connection.client().post("/api/v1/primary-team/clear", Map.of("agents", words));
                out.println("cleared the primary team of " + Terminal.safe(String.join(", ", words)));
                return 0;
            }
            if (words.size() < 2) {
                throw new UserError("usage: steward teams primary NAME AGENT [AGENT ...] (or --none AGENT ...)", 2);
            }
            List<String> agents = words.subList(1, words.size());
            output.report(out, connection.client().post(path(words.getFirst()) + "/primary", Map.of("agents", agents)),
                    team -> "team " + Terminal.safe(team.get("name").asText()) + " is now the primary team of "
                            + Terminal.safe(String.join(", ", agents)));
            return 0;
        }
    }

    @Command(name = "rules", description = {"Replace a team's label rules; with none, clear them.",
            "A rule is key=v[,k2=v2]: agents whose labels match all its pairs are members; any rule matches."})
    static final class Rules implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1..*", arity = "0..*", paramLabel = "RULE") List<String> rules = new ArrayList<>();

        @Override
        public Integer call() {
            output.report(spec.commandLine().getOut(), connection.client().post(path(name) + "/rules", Map.of("rules", rules)),
                    team -> "team " + Terminal.safe(team.get("name").asText()) + " rules: " + rules(team) + "; "
                            + count(team.get("member_count").asInt(), "member"));
            return 0;
        }
    }

    @Command(name = "set", description = {"Change settings a team gives the agents whose primary team it is.",
            "Keys (as for 'agents set'): mode=poll|push, poll_interval=DURATION, output_limit=SIZE. An empty value unsets a key.",
            "An agent's own setting wins over its primary team's, which wins over the tenant default."})
    static final class Set implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "key=value") List<String> pairs;

        @Override
        public Integer call() {
            Map<String, String> settings = KeyValues.parse(pairs, "mode=push, poll_interval=30s");
            output.report(spec.commandLine().getOut(), connection.client().post(path(name) + "/settings",
                    Map.of("settings", settings)), team -> "team " + Terminal.safe(team.get("name").asText()) + " now: "
                    + settings(team) + " (unset: the tenant default or the agent's own)");
            return 0;
        }
    }

    @Command(name = "move", description = "Move a team to another team folder ('/' = the root).")
    static final class Move implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--folder", required = true, paramLabel = "PATH") String folder;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("folder", folder);
            output.report(spec.commandLine().getOut(), connection.client().post(path(name) + "/move", body),
                    team -> "moved team " + Terminal.safe(team.get("name").asText()) + " to "
                            + Terminal.safe(team.get("folder").asText("/")));
            return 0;
        }
    }

    @Command(name = "rename", description = "Rename a team.")
    static final class Rename implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "NEW") String newName;

        @Override
        public Integer call() {
            output.report(spec.commandLine().getOut(), connection.client().post(path(name) + "/rename",
                    Map.of("name", newName)), team -> "renamed team " + Terminal.safe(name) + " to "
                    + Terminal.safe(team.get("name").asText()));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a team (its agents stay enrolled).")
    static final class Delete implements Callable<Integer> {
        @Mixin Connection connection;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            connection.client().delete(path(name));
            spec.commandLine().getOut().println("deleted team " + Terminal.safe(name));
            return 0;
        }
    }
}
