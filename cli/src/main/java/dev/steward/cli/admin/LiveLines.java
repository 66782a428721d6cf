package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.protocol.Wire;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the live output stream (pieces of text per agent, task and stream) into whole lines prefixed
 * by the agent's name, the way a person follows several machines at once.
 */
final class LiveLines {
    private final PrintWriter out;
    private record Pending(String prefix, StringBuilder text) {
    }

    private final Map<String, Pending> partial = new LinkedHashMap<>();

    LiveLines(PrintWriter out) {
        this.out = out;
    }

    synchronized void accept(String json) {
        JsonNode piece;
        try {
            piece = Wire.json().readTree(json);
        } catch (IOException e) {
            return;
        }
        String agent = Terminal.safe(piece.path("agent").asText());
        String prefix = "stderr".equals(piece.path("stream").asText()) ? agent + " ! " : agent + " | ";
        StringBuilder pending = partial.computeIfAbsent(prefix + piece.path("task").asText(),
                k -> new Pending(prefix, new StringBuilder())).text();
        pending.append(piece.path("text").asText());
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            out.println(prefix + Terminal.safe(pending.substring(0, newline)));
            pending.delete(0, newline + 1);
        }
        out.flush();
    }

    /** Prints what is left of unfinished lines. */
    synchronized void flush() {
        partial.values().forEach(pending -> {
            if (!pending.text().isEmpty()) {
                out.println(pending.prefix() + Terminal.safe(pending.text().toString()));
            }
        });
        partial.clear();
        out.flush();
    }
}
