package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "modules", description = "Apply, list, show and move modules.",
        subcommands = {ModulesCommand.Apply.class, ModulesCommand.ListModules.class, ModulesCommand.Show.class,
                ModulesCommand.Move.class})
public final class ModulesCommand {

    /**
     * command | script (inline) | script_resource (a resource run as the script) | deliver (a resource
     * written to a path); {@code resource} and {@code deliver} are absent from the JSON when not set.
     */
    static String kind(JsonNode task) {
        if (task.hasNonNull("deliver")) {
            return "deliver";
        }
        if (task.hasNonNull("command")) {
            return "command";
        }
        return task.hasNonNull("resource") ? "script_resource" : "script";
    }

    /** What a task uses beyond its own text: the resource, and for deliver where it goes. */
    static String uses(JsonNode task) {
        if (!task.hasNonNull("resource")) {
            return null;
        }
        String resource = task.get("resource").path("name").asText();
        JsonNode deliver = task.get("deliver");
        return deliver == null || deliver.isNull() ? resource
                : resource + " -> " + deliver.path("path").asText() + " (mode " + deliver.path("mode").asText("-") + ")";
    }

    @Command(name = "apply", description = "Create a module, or a new version of it, from a YAML file.")
    static final class Apply implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "Module file (YAML)")
        Path file;
        @Option(names = "--folder", paramLabel = "PATH", description = "Module folder to put it in (default: where it is, "
                + "or the root for a new module)")
        String folder;

        @Override
        public Integer call() {
            String yaml = LocalFiles.read(file);
            JsonNode module;
            try {
                module = connection.client().postText("/api/v1/modules"
                        + (folder == null ? "" : "?folder=" + ApiClient.segment(folder)), "application/yaml", yaml);
            } catch (ApiFailure e) {
                throw new ApiFailure(e.status(), file + ": " + e.getMessage());
            }
            if (output.json()) {
                OutputOption.printJson(spec.commandLine().getOut(), module);
            } else {
                spec.commandLine().getOut().println("applied module " + module.get("name").asText() + " version "
                        + module.get("version").asInt() + " (" + module.get("tasks").size() + " tasks)");
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List modules (latest versions).")
    static final class ListModules implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), connection.client().get("/api/v1/modules"), modules -> {
                Table table = new Table("NAME", "VERSION", "FOLDER", "TASKS", "DESCRIPTION");
                modules.forEach(m -> table.row(m.get("name").asText(), m.get("version").asInt(), m.path("folder").asText("/"),
                        m.get("tasks").size(), m.path("description").asText(null)));
                return table;
            });
            return 0;
        }
    }

    @Command(name = "show", description = "Show the latest version of a module.")
    static final class Show implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            JsonNode module = connection.client().get("/api/v1/modules/" + ApiClient.segment(name));
            if (output.json()) {
                OutputOption.printJson(spec.commandLine().getOut(), module);
                return 0;
            }
            var out = spec.commandLine().getOut();
            out.println(Terminal.safe(module.get("name").asText()) + " version " + module.get("version").asInt()
                    + (module.path("description").isTextual() ? " — " + Terminal.safe(module.get("description").asText()) : ""));
            out.println("folder: " + Terminal.safe(module.path("folder").asText("/")));
            Table table = new Table("#", "TASK", "KIND", "TIMEOUT", "ON ERROR", "RESOURCE");
            int i = 1;
            for (JsonNode task : module.get("tasks")) {
                table.row(i++, task.get("name").asText(), kind(task), task.get("timeout_seconds").asLong() + "s",
                        task.get("on_error").asText(), uses(task));
            }
            table.print(out);
            return 0;
        }
    }

    @Command(name = "move", description = "Move a module (every version) to another module folder ('/' = the root).")
    static final class Move implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--folder", required = true, paramLabel = "PATH") String folder;

        @Override
        public Integer call() {
            java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("folder", folder);
            output.report(spec.commandLine().getOut(), connection.client().post("/api/v1/modules/" + ApiClient.segment(name)
                    + "/move", body), m -> "moved module " + Terminal.safe(m.get("name").asText()) + " to "
                    + Terminal.safe(m.path("folder").asText("/")));
            return 0;
        }
    }
}
