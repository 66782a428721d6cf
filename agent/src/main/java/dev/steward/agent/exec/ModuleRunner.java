package dev.steward.agent.exec;

import dev.steward.protocol.ModuleSpec;
import dev.steward.protocol.OnError;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.RunStatus;
import dev.steward.protocol.TaskResult;
import dev.steward.protocol.TaskSpec;
import dev.steward.protocol.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Executes a module's tasks in order on the calling thread and applies error control: a task that
 * fails or times out with {@code on_error: stop} ends the run, one with {@code continue} does not
 * count against it. Every task of the module appears exactly once in the result, in order.
 * Stateless apart from the work directory (and the resource provider, which is safe for concurrent
 * use), so one instance may serve concurrent runs.
 */
public final class ModuleRunner {

    private final Path workDir;
    private final ResourceProvider resources;

    /** A runner for tasks that need no resources (any that does fails, saying so). */
    public ModuleRunner(Path workDir) {
        this(workDir, ResourceProvider.NONE);
    }

    /**
     * @param workDir   where script files are written; tasks run with it as their working directory
     * @param resources where deliver tasks and script resources get their files
     */
    public ModuleRunner(Path workDir, ResourceProvider resources) {
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    /** Runs the tasks in order and returns the final result; never throws for task failures. */
    public RunResult run(String runId, ModuleSpec module, int outputLimitBytes, CancellationToken cancel) {
        return run(runId, module, outputLimitBytes, cancel, OutputListener.NONE);
    }

    /** As above, with output also handed to {@code listener} as it is produced. */
    public RunResult run(String runId, ModuleSpec module, int outputLimitBytes, CancellationToken cancel,
            OutputListener listener) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(cancel, "cancel");
        if (outputLimitBytes < 0) {
            throw new IllegalArgumentException("outputLimitBytes must be >= 0, was " + outputLimitBytes);
        }
        Instant startedAt = Instant.now();
        createWorkDir();

        List<TaskResult> results = new ArrayList<>(module.tasks().size());
        RunStatus stoppedWith = null; // set once the run has ended early; later tasks are skipped
        for (TaskSpec task : module.tasks()) {
            if (stoppedWith == null && (cancel.isCancelled() || Thread.currentThread().isInterrupted())) {
                stoppedWith = RunStatus.CANCELLED;
            }
            if (stoppedWith != null) {
                results.add(skipped(task));
                continue;
            }
            TaskResult result = new TaskExecution(workDir, runId, task, outputLimitBytes, cancel, listener, resources).run();
            results.add(result);
            stoppedWith = stopStatus(task, result);
        }
        if (stoppedWith == null && cancel.isCancelled() && module.tasks().isEmpty()) {
            stoppedWith = RunStatus.CANCELLED; // nothing ran; report the cancel rather than a success
        }
        RunStatus status = stoppedWith == null ? RunStatus.SUCCEEDED : stoppedWith;
        return new RunResult(runId, status, results, startedAt, Instant.now());
    }

    /** The run status this task's result forces, or null if the run goes on. */
    private static RunStatus stopStatus(TaskSpec task, TaskResult result) {
        boolean stops = task.onError() == OnError.STOP;
        return switch (result.status()) {
            case SUCCEEDED, SKIPPED -> null;
            case CANCELLED -> RunStatus.CANCELLED; // a cancel ends the run whatever on_error says
            case FAILED -> stops ? RunStatus.FAILED : null;
            case TIMED_OUT -> stops ? RunStatus.TIMED_OUT : null;
        };
    }

    private static TaskResult skipped(TaskSpec task) {
        return new TaskResult(task.name(), TaskStatus.SKIPPED, null, "", "", null, null);
    }

    /** Best effort: if this fails, each task reports the missing directory as its own failure. */
    private void createWorkDir() {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            // reported per task by TaskExecution
        }
    }
}
