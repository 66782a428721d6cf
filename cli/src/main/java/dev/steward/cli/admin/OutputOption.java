package dev.steward.cli.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.protocol.Wire;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --output table|json}: every listing and show verb takes it. */
public final class OutputOption {
    public enum Format { table, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default) or json")
    Format format;

    public boolean json() {
        return format == Format.json;
    }

    /** Prints the JSON as received with --output json, else the table built from it. */
    public void print(PrintWriter out, JsonNode node, java.util.function.Function<JsonNode, Table> table) {
        if (json()) {
            printJson(out, node);
        } else {
            table.apply(node).print(out);
        }
    }

    /**
     * Prints the JSON as received with --output json, else one line for people built from it (an answer
     * without a body, such as 204, is reported by the line in both cases; {@code node} is then null).
     */
    public void report(PrintWriter out, JsonNode node, java.util.function.Function<JsonNode, String> line) {
        if (json() && node != null) {
            printJson(out, node);
        } else {
            out.println(line.apply(node));
            out.flush();
        }
    }

    public static void printJson(PrintWriter out, JsonNode node) {
        try {
            out.println(Wire.json().writerWithDefaultPrettyPrinter().writeValueAsString(node));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
