package dev.steward.protocol;

import java.util.List;
import java.util.Map;

/**
 * One task as the agent receives it. Exactly one of {@code command} (an argv, no shell) and
 * {@code script} (a body fed to {@code interpreter}) is set; the server validated that.
 */
public record TaskSpec(
        String name,
        List<String> command,
        String script,
        String interpreter,
        long timeoutSeconds,
        OnError onError,
        Map<String, String> env) {

    public TaskSpec {
        command = command == null ? null : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        if (onError == null) {
            onError = OnError.STOP;
        }
    }

    public boolean runsScript() {
        return script != null;
    }
}
