package dev.steward.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shows a waiting job's progress on stderr: a redrawn bar on a terminal, one line per change otherwise
 * (so logs of scripted runs stay readable).
 */
final class JobProgress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean interactive;
    private String last = "";

    JobProgress(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    void update(JsonNode job) {
        int total = job.get("runs").size();
        Map<String, Integer> counts = new TreeMap<>();
        int finished = 0;
        for (JsonNode run : job.get("runs")) {
            String status = run.get("status").asText();
            counts.merge(status, 1, Integer::sum);
            if (JobsCommand.TERMINAL.contains(status) && (!status.equals("cancelled") || !run.get("finished_at").isNull())) {
                finished++;
            }
        }
        String summary = finished + "/" + total + " runs finished " + counts;
        if (summary.equals(last)) {
            return;
        }
        last = summary;
        if (interactive) {
            int filled = total == 0 ? WIDTH : finished * WIDTH / total;
            err.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + summary + "\u001b[K");
        } else {
            err.println("job " + job.get("id").asText() + ": " + summary);
        }
        err.flush();
    }

    void done() {
        if (interactive && !last.isEmpty()) {
            err.println();
            err.flush();
        }
    }
}
