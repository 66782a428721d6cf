package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.cli.UserError;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "resources", description = {"Upload, list, show, move and delete resources:",
        "files that module tasks run as scripts or deliver to agents."},
        subcommands = {ResourcesCommand.Upload.class, ResourcesCommand.ListResources.class, ResourcesCommand.Show.class,
                ResourcesCommand.Move.class, ResourcesCommand.Delete.class})
public final class ResourcesCommand {

    static String path(String name) {
        return "/api/v1/resources/" + ApiClient.segment(name);
    }

    static Table table(JsonNode resources) {
        Table table = new Table("NAME", "FOLDER", "SIZE", "SHA256");
        resources.forEach(r -> table.row(r.get("name").asText(), r.get("folder").asText("/"), r.get("size").asLong(),
                r.get("sha256").asText()));
        return table;
    }

    @Command(name = "upload", description = "Upload a file as a resource (a new upload under the same name replaces its content).")
    static final class Upload implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "FILE") Path file;
        @Option(names = "--folder", paramLabel = "PATH", description = "Resource folder (default: the root)") String folder;
        @Option(names = "--name", paramLabel = "NAME", description = "The resource's name (default: the file's name)") String name;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new UserError("cannot upload " + file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
            }
            String resource = name != null ? name : file.getFileName().toString();
            String query = "?name=" + ApiClient.segment(resource) + (folder == null ? "" : "&folder=" + ApiClient.segment(folder));
            output.report(spec.commandLine().getOut(), connection.client().upload("/api/v1/resources" + query, file),
                    r -> "uploaded resource " + Terminal.safe(r.get("name").asText()) + " (" + r.get("size").asLong()
                            + " bytes, sha256 " + r.get("sha256").asText() + ")");
            return 0;
        }
    }

    @Command(name = "list", description = "List resources.")
    static final class ListResources implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), connection.client().get("/api/v1/resources"), ResourcesCommand::table);
            return 0;
        }
    }

    @Command(name = "show", description = "Show one resource.")
    static final class Show implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            JsonNode resource = connection.client().get(path(name));
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                OutputOption.printJson(out, resource);
                return 0;
            }
            out.println("resource: " + Terminal.safe(resource.get("name").asText()));
            out.println("folder:   " + Terminal.safe(resource.get("folder").asText("/")));
            out.println("size:     " + resource.get("size").asLong() + " bytes");
            out.println("sha256:   " + resource.get("sha256").asText());
            out.println("created:  " + resource.path("created_at").asText("-"));
            out.println("updated:  " + resource.path("updated_at").asText("-"));
            out.flush();
            return 0;
        }
    }

    @Command(name = "move", description = "Move a resource to another resource folder ('/' = the root).")
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
                    r -> "moved resource " + Terminal.safe(r.get("name").asText()) + " to " + Terminal.safe(r.get("folder").asText("/")));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a resource.")
    static final class Delete implements Callable<Integer> {
        @Mixin Connection connection;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            connection.client().delete(path(name));
            spec.commandLine().getOut().println("deleted resource " + Terminal.safe(name));
            return 0;
        }
    }
}
