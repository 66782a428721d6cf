package dev.steward.agent.spool;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.TaskResult;
import dev.steward.protocol.Wire;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps one run's result within what one request may carry. Each stream is already capped (1 MiB by
 * default), but a module of many tasks could still add up past the server's request limit, and a result
 * that can never be delivered would block the spool. The largest streams are halved, visibly marked,
 * until the encoded result fits.
 */
public final class ResultBudget {
    /** Encoded size of one result at most; the server accepts a request of {@code ProtocolLimits.MAX_AGENT_REQUEST_BYTES}. */
    public static final int MAX_RESULT_BYTES = 12 * 1024 * 1024;
    static final String CUT_MARKER = "\n[steward: output cut to fit the run's size budget]\n";
    private static final int MAX_ROUNDS = 200;

    private ResultBudget() {
    }

    public static RunResult fit(RunResult result, int maxBytes) {
        RunResult current = result;
        for (int round = 0; round < MAX_ROUNDS && encodedSize(current) > maxBytes; round++) {
            current = halveLargestStream(current);
        }
        return current;
    }

    static int encodedSize(RunResult result) {
        try {
            return Wire.json().writeValueAsBytes(result).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the result of run " + result.runId(), e);
        }
    }

    private static RunResult halveLargestStream(RunResult result) {
        int largestTask = -1;
        boolean stdout = true;
        int largest = 0;
        for (int i = 0; i < result.tasks().size(); i++) {
            TaskResult task = result.tasks().get(i);
            if (length(task.stdout()) > largest) {
                largest = length(task.stdout());
                largestTask = i;
                stdout = true;
            }
            if (length(task.stderr()) > largest) {
                largest = length(task.stderr());
                largestTask = i;
                stdout = false;
            }
        }
        if (largestTask < 0) {
            return result;
        }
        List<TaskResult> tasks = new ArrayList<>(result.tasks());
        TaskResult task = tasks.get(largestTask);
        tasks.set(largestTask, stdout
                ? new TaskResult(task.name(), task.status(), task.exitCode(), halve(task.stdout()), task.stderr(),
                        task.startedAt(), task.finishedAt())
                : new TaskResult(task.name(), task.status(), task.exitCode(), task.stdout(), halve(task.stderr()),
                        task.startedAt(), task.finishedAt()));
        return new RunResult(result.runId(), result.status(), tasks, result.startedAt(), result.finishedAt(),
                result.error());
    }

    private static String halve(String text) {
        String kept = text.endsWith(CUT_MARKER) ? text.substring(0, text.length() - CUT_MARKER.length()) : text;
        int cut = kept.length() / 2;
        if (cut > 0 && Character.isHighSurrogate(kept.charAt(cut - 1))) {
            cut--;
        }
        return kept.substring(0, cut) + CUT_MARKER;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }
}
