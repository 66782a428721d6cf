package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.cli.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "modules", description = "Apply, list and show modules.",
        subcommands = {ModulesCommand.Apply.class, ModulesCommand.ListModules.class, ModulesCommand.Show.class})
public final class ModulesCommand {

    @Command(name = "apply", description = "Create a module, or a new version of it, from a YAML file.")
    static final class Apply implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "Module file (YAML)")
        Path file;

        @Override
        public Integer call() {
            String yaml;
            try {
                yaml = Files.readString(file);
            } catch (IOException e) {
                throw new UserError("cannot read " + file + ": " + e.getMessage());
            }
            JsonNode module;
            try {
                module = connection.client().postText("/api/v1/modules", "application/yaml", yaml);
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
                Table table = new Table("NAME", "VERSION", "TASKS", "DESCRIPTION");
                modules.forEach(m -> table.row(m.get("name").asText(), m.get("version").asInt(), m.get("tasks").size(),
                        m.path("description").asText(null)));
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
            out.println(module.get("name").asText() + " version " + module.get("version").asInt()
                    + (module.path("description").isTextual() ? " — " + module.get("description").asText() : ""));
            Table table = new Table("#", "TASK", "KIND", "TIMEOUT", "ON ERROR");
            int i = 1;
            for (JsonNode task : module.get("tasks")) {
                table.row(i++, task.get("name").asText(), task.get("command").isNull() ? "script" : "command",
                        task.get("timeout_seconds").asLong() + "s", task.get("on_error").asText());
            }
            table.print(out);
            return 0;
        }
    }
}
