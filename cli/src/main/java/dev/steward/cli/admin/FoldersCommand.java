package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "folders", description = "Create, list, move, rename and delete folders of teams, modules or resources.",
        subcommands = {FoldersCommand.Create.class, FoldersCommand.ListFolders.class, FoldersCommand.Move.class,
                FoldersCommand.Rename.class, FoldersCommand.Delete.class})
public final class FoldersCommand {

    /** The three folder trees; the names are the API's. */
    enum Kind { team, module, resource }

    static final String KIND_HELP = "Which tree: ${COMPLETION-CANDIDATES}";

    static String describe(Kind kind, JsonNode folder) {
        return kind + " folder " + Terminal.safe(folder.get("path").asText());
    }

    @Command(name = "create", description = "Create a folder, e.g. /Acme/Web (with --parents, its missing parents too).")
    static final class Create implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "PATH", description = "Absolute path, e.g. /Acme/Web") String path;
        @Option(names = "--kind", required = true, description = KIND_HELP) Kind kind;
        @Option(names = "--parents", description = "Create missing parent folders too") boolean parents;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("kind", kind.name());
            body.put("path", path);
            body.put("parents", parents);
            output.report(spec.commandLine().getOut(), connection.client().post("/api/v1/folders", body),
                    folder -> "created " + describe(kind, folder));
            return 0;
        }
    }

    @Command(name = "list", description = "List the folders of one tree, with how many folders and items each holds.")
    static final class ListFolders implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Option(names = "--kind", required = true, description = KIND_HELP) Kind kind;

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), connection.client().get("/api/v1/folders?kind=" + kind), folders -> {
                Table table = new Table("PATH", "FOLDERS", "ITEMS");
                folders.forEach(f -> table.row(f.get("path").asText(), f.get("folders").asInt(), f.get("items").asInt()));
                return table;
            });
            return 0;
        }
    }

    @Command(name = "move", description = "Move a folder (with everything in it) under another folder; '/' is the root.")
    static final class Move implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "PATH") String path;
        @Option(names = "--kind", required = true, description = KIND_HELP) Kind kind;
        @Option(names = "--to", required = true, paramLabel = "PARENT_PATH", description = "The new parent folder ('/' = root)")
        String to;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("kind", kind.name());
            body.put("path", path);
            body.put("to", to);
            output.report(spec.commandLine().getOut(), connection.client().post("/api/v1/folders/move", body),
                    folder -> "moved " + kind + " folder " + Terminal.safe(path) + " to " + Terminal.safe(folder.get("path").asText()));
            return 0;
        }
    }

    @Command(name = "rename", description = "Rename a folder in place (its contents follow).")
    static final class Rename implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PATH") String path;
        @Parameters(index = "1", paramLabel = "NEWNAME", description = "The new last segment, not a path") String name;
        @Option(names = "--kind", required = true, description = KIND_HELP) Kind kind;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("kind", kind.name());
            body.put("path", path);
            body.put("name", name);
            output.report(spec.commandLine().getOut(), connection.client().post("/api/v1/folders/rename", body),
                    folder -> "renamed " + kind + " folder " + Terminal.safe(path) + " to " + Terminal.safe(folder.get("path").asText()));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a folder.")
    static final class Delete implements Callable<Integer> {
        @Mixin Connection connection;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "PATH") String path;
        @Option(names = "--kind", required = true, description = KIND_HELP) Kind kind;

        @Override
        public Integer call() {
            connection.client().delete("/api/v1/folders?kind=" + kind + "&path=" + ApiClient.segment(path));
            spec.commandLine().getOut().println("deleted " + kind + " folder " + Terminal.safe(path));
            return 0;
        }
    }
}
