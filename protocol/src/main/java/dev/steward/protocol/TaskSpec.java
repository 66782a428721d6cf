package dev.steward.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One task as the agent receives it. A task is one of three kinds, validated by the server:
 * <ul>
 *   <li>command: {@code command} (an argv, no shell);</li>
 *   <li>script: a body fed to {@code interpreter}, inline in {@code script} or taken from {@code resource};</li>
 *   <li>deliver: {@code resource} written to {@code deliver.path} with {@code deliver.mode}.</li>
 * </ul>
 * {@code refused}, set only by the server when it offers a run, says why the task may not run here (a
 * resource without full trust): the agent must not run it, reports it failed with that text, and lets
 * {@code on_error} decide what happens next. The three later fields are left out of the JSON when
 * null, so command and inline-script tasks look exactly as they did before resources existed.
 */
public record TaskSpec(
        String name,
        List<String> command,
        String script,
        String interpreter,
        long timeoutSeconds,
        OnError onError,
        Map<String, String> env,
        @JsonInclude(JsonInclude.Include.NON_NULL) ResourceRef resource,
        @JsonInclude(JsonInclude.Include.NON_NULL) Delivery deliver,
        @JsonInclude(JsonInclude.Include.NON_NULL) String refused) {

    public TaskSpec {
        command = command == null ? null : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        if (onError == null) {
            onError = OnError.STOP;
        }
    }

    /** A command or inline-script task. */
    public TaskSpec(String name, List<String> command, String script, String interpreter, long timeoutSeconds,
            OnError onError, Map<String, String> env) {
        this(name, command, script, interpreter, timeoutSeconds, onError, env, null, null, null);
    }

    public boolean runsScript() {
        return script != null || (resource != null && deliver == null);
    }

    public boolean delivers() {
        return deliver != null;
    }

    public TaskSpec withResource(ResourceRef resolved) {
        return new TaskSpec(name, command, script, interpreter, timeoutSeconds, onError, env, resolved, deliver, refused);
    }

    public TaskSpec refusedBecause(String reason) {
        return new TaskSpec(name, command, script, interpreter, timeoutSeconds, onError, env, resource, deliver, reason);
    }
}
