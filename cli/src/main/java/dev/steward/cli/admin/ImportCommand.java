package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code steward import FILE}: applies a block made by {@code steward export}. */
@Command(name = "import", description = "Import a block (YAML from 'steward export'): creates what is missing, updates what differs.")
public final class ImportCommand implements Callable<Integer> {
    @Mixin Connection connection;
    @Mixin OutputOption output;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "FILE") Path file;

    @Override
    public Integer call() {
        String yaml = LocalFiles.read(file);
        JsonNode result;
        try {
            result = connection.client().postText("/api/v1/blocks", "application/yaml", yaml);
        } catch (ApiFailure e) {
            throw new ApiFailure(e.status(), file + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputOption.printJson(out, result);
        } else {
            summary(out, file.toString(), result);
        }
        return 0;
    }

    /** One line per outcome ("created: 2 teams, 1 module"), then each skipped item. */
    static void summary(PrintWriter out, String file, JsonNode result) {
        out.println("imported " + Terminal.safe(file));
        for (String outcome : List.of("created", "updated", "unchanged")) {
            out.println("  " + outcome + ": " + counts(result.path(outcome)));
        }
        JsonNode skipped = result.path("skipped");
        out.println("  skipped: " + (skipped.isEmpty() ? "nothing" : skipped.size()));
        skipped.forEach(s -> out.println("    - " + Terminal.safe(s.asText())));
        out.flush();
    }

    static String counts(JsonNode counts) {
        List<String> parts = new ArrayList<>();
        counts.properties().forEach(e -> {
            if (e.getValue().asInt() != 0) {
                parts.add(e.getValue().asInt() + " " + Terminal.safe(e.getKey()));
            }
        });
        return parts.isEmpty() ? "nothing" : String.join(", ", parts);
    }
}
