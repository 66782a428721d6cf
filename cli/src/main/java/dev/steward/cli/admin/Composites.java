package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The verbs projects and run books share (apply, list, show, move, delete); {@link ProjectsCommand} and
 * {@link RunbooksCommand} name them. The view JSON is {kind, name, folder, description, definition, updated_at}.
 */
final class Composites {
    private Composites() {
    }

    enum Kind {
        PROJECT("projects", "project", "modules"), RUNBOOK("runbooks", "run book", "steps");

        final String base;
        final String noun;
        final String parts;

        Kind(String table, String noun, String parts) {
            this.base = "/api/v1/" + table;
            this.noun = noun;
            this.parts = parts;
        }

        String path(String name) {
            return base + "/" + ApiClient.segment(name);
        }
    }

    /** The ordered list, one line each: what runs, where (run book steps), and whether a failure stops it. */
    static List<String> lines(Kind kind, JsonNode definition) {
        List<String> lines = new ArrayList<>();
        int i = 1;
        for (JsonNode part : definition.path(kind.parts)) {
            StringBuilder line = new StringBuilder().append(i++).append(". ");
            if (kind == Kind.PROJECT) {
                line.append("module ").append(part.path("module").asText());
            } else {
                line.append(part.hasNonNull("project") ? "project " + part.get("project").asText()
                        : "module " + part.path("module").asText());
                line.append("  on ").append(targets(part.get("targets")));
            }
            if (part.path("continue_on_failure").asBoolean()) {
                line.append("  (continue on failure)");
            }
            lines.add(Terminal.safe(line.toString()));
        }
        return lines;
    }

    static String targets(JsonNode targets) {
        List<String> parts = new ArrayList<>();
        if (targets != null && !targets.isNull()) {
            if (!targets.path("agents").isEmpty()) {
                parts.add("agents " + join(targets.get("agents")));
            }
            if (!targets.path("teams").isEmpty()) {
                parts.add("teams " + join(targets.get("teams")));
            }
            if (targets.hasNonNull("selector")) {
                parts.add("selector " + targets.get("selector").asText());
            }
        }
        return parts.isEmpty() ? "the job's targets" : String.join("; ", parts);
    }

    private static String join(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return String.join(",", names);
    }

    abstract static class Apply implements Callable<Integer> {
        private final Kind kind;
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The definition (YAML)")
        Path file;
        @Option(names = "--folder", paramLabel = "PATH", description = "Module folder to put it in") String folder;

        Apply(Kind kind) {
            this.kind = kind;
        }

        @Override
        public Integer call() {
            String yaml = LocalFiles.read(file);
            JsonNode view;
            try {
                view = connection.client().postText(kind.base + (folder == null ? "" : "?folder=" + ApiClient.segment(folder)),
                        "application/yaml", yaml);
            } catch (ApiFailure e) {
                throw new ApiFailure(e.status(), file + ": " + e.getMessage());
            }
            output.report(spec.commandLine().getOut(), view, v -> "applied " + kind.noun + " "
                    + Terminal.safe(v.get("name").asText()) + " (" + v.path("definition").path(kind.parts).size() + " "
                    + kind.parts + ")");
            return 0;
        }
    }

    abstract static class ListAll implements Callable<Integer> {
        private final Kind kind;
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;

        ListAll(Kind kind) {
            this.kind = kind;
        }

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), connection.client().get(kind.base), views -> {
                Table table = new Table("NAME", "FOLDER", kind.parts.toUpperCase(java.util.Locale.ROOT), "UPDATED", "DESCRIPTION");
                views.forEach(v -> table.row(v.get("name").asText(), v.path("folder").asText("/"),
                        v.path("definition").path(kind.parts).size(), v.path("updated_at").asText(null),
                        v.path("description").asText(null)));
                return table;
            });
            return 0;
        }
    }

    abstract static class Show implements Callable<Integer> {
        private final Kind kind;
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        Show(Kind kind) {
            this.kind = kind;
        }

        @Override
        public Integer call() {
            JsonNode view = connection.client().get(kind.path(name));
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                OutputOption.printJson(out, view);
                return 0;
            }
            out.println(kind.noun + " " + Terminal.safe(view.get("name").asText())
                    + (view.path("description").isTextual() ? " — " + Terminal.safe(view.get("description").asText()) : ""));
            out.println("folder:  " + Terminal.safe(view.path("folder").asText("/")));
            out.println("updated: " + view.path("updated_at").asText("-"));
            out.println(kind.parts + ":");
            lines(kind, view.path("definition")).forEach(line -> out.println("  " + line));
            out.flush();
            return 0;
        }
    }

    abstract static class Move implements Callable<Integer> {
        private final Kind kind;
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--folder", required = true, paramLabel = "PATH", description = "Module folder ('/' = the root)")
        String folder;

        Move(Kind kind) {
            this.kind = kind;
        }

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("folder", folder);
            output.report(spec.commandLine().getOut(), connection.client().post(kind.path(name) + "/move", body),
                    v -> "moved " + kind.noun + " " + Terminal.safe(v.get("name").asText()) + " to "
                            + Terminal.safe(v.path("folder").asText("/")));
            return 0;
        }
    }

    abstract static class Delete implements Callable<Integer> {
        private final Kind kind;
        @Mixin Connection connection;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        Delete(Kind kind) {
            this.kind = kind;
        }

        @Override
        public Integer call() {
            connection.client().delete(kind.path(name));
            spec.commandLine().getOut().println("deleted " + kind.noun + " " + Terminal.safe(name));
            return 0;
        }
    }
}
