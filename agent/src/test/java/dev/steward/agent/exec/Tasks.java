package dev.steward.agent.exec;

import dev.steward.protocol.Delivery;
import dev.steward.protocol.ModuleSpec;
import dev.steward.protocol.OnError;
import dev.steward.protocol.ResourceRef;
import dev.steward.protocol.TaskSpec;
import java.util.List;
import java.util.Map;

/** Terse builders for the task specs the tests run. */
final class Tasks {

    static final long DEFAULT_TIMEOUT_SECONDS = 20;

    private Tasks() {
    }

    static TaskSpec command(String name, String... argv) {
        return new TaskSpec(name, List.of(argv), null, null, DEFAULT_TIMEOUT_SECONDS, OnError.STOP, Map.of());
    }

    static TaskSpec script(String name, String interpreter, String body) {
        return new TaskSpec(name, null, body, interpreter, DEFAULT_TIMEOUT_SECONDS, OnError.STOP, Map.of());
    }

    /** A script whose body is {@code resource}. */
    static TaskSpec scriptResource(String name, String interpreter, ResourceRef resource) {
        return new TaskSpec(name, null, null, interpreter, DEFAULT_TIMEOUT_SECONDS, OnError.STOP, Map.of(), resource,
                null, null);
    }

    static TaskSpec deliver(String name, ResourceRef resource, String path, String mode) {
        return new TaskSpec(name, null, null, null, DEFAULT_TIMEOUT_SECONDS, OnError.STOP, Map.of(), resource,
                new Delivery(path, mode), null);
    }

    static TaskSpec withTimeout(TaskSpec t, long seconds) {
        return new TaskSpec(t.name(), t.command(), t.script(), t.interpreter(), seconds, t.onError(), t.env(),
                t.resource(), t.deliver(), t.refused());
    }

    static TaskSpec withOnError(TaskSpec t, OnError onError) {
        return new TaskSpec(t.name(), t.command(), t.script(), t.interpreter(), t.timeoutSeconds(), onError, t.env(),
                t.resource(), t.deliver(), t.refused());
    }

    static TaskSpec withEnv(TaskSpec t, Map<String, String> env) {
        return new TaskSpec(t.name(), t.command(), t.script(), t.interpreter(), t.timeoutSeconds(), t.onError(), env);
    }

    static ModuleSpec module(TaskSpec... tasks) {
        return new ModuleSpec("test-module", 1, "tasks under test", List.of(tasks));
    }
}
