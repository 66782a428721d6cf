package dev.steward.cli.admin;

import dev.steward.cli.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code steward export}: a block (folders, teams, modules, projects, run books, trusts...) as YAML. */
@Command(name = "export", description = {"Export a block as YAML: everything in the given folders (default: the whole tenant),",
        "to re-create elsewhere with 'steward import'. Note: here -o is the output FILE, not a format."})
public final class ExportCommand implements Callable<Integer> {
    @Mixin Connection connection;
    @Spec CommandSpec spec;
    @Option(names = "--folder", paramLabel = "PATH", description = "A folder to export (repeatable; default: everything)")
    List<String> folders = new ArrayList<>();
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the YAML to FILE (default: stdout)")
    Path file;

    static String query(List<String> folders) {
        List<String> params = new ArrayList<>();
        folders.forEach(f -> params.add("folder=" + ApiClient.segment(f)));
        return params.isEmpty() ? "" : "?" + String.join("&", params);
    }

    @Override
    public Integer call() {
        String yaml = connection.client().getText("/api/v1/blocks" + query(folders), "application/yaml");
        if (file == null) {
            spec.commandLine().getOut().print(yaml);
            spec.commandLine().getOut().flush();
            return 0;
        }
        try {
            Path absolute = file.toAbsolutePath();
            Path temporary = Files.createTempFile(absolute.getParent(), ".steward-export", ".tmp");
            try {
                Files.writeString(temporary, yaml, StandardCharsets.UTF_8);
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage());
        }
        spec.commandLine().getErr().println("exported " + yaml.getBytes(StandardCharsets.UTF_8).length + " bytes to " + file);
        return 0;
    }
}
