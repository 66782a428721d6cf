package dev.steward.agent.exec;

import dev.steward.protocol.Delivery;
import dev.steward.protocol.ResourceRef;
import dev.steward.protocol.TaskResult;
import dev.steward.protocol.TaskSpec;
import dev.steward.protocol.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task and turns whatever happens into a {@link TaskResult}: a command or a script as a child
 * process, a deliver task as a file written, a task the server refused as a failure without doing anything.
 * Failures of the task (cannot start, non-zero exit, resource unavailable, timeout, cancel) are results,
 * never exceptions. The timeout covers the whole task, including fetching its resource.
 */
final class TaskExecution {

    private static final Logger log = LoggerFactory.getLogger(TaskExecution.class);

    /** Between SIGTERM and SIGKILL. Short, because a cancel must take effect within about a second. */
    static final Duration KILL_GRACE = Duration.ofMillis(500);
    /** How long to wait for the killed process to be reaped before giving up on it. */
    static final Duration EXIT_AFTER_KILL = Duration.ofSeconds(2);
    /**
     * How long to keep reading output after the process ended. Normally the pipes reach end of
     * stream at once; they stay open only if something outside the process (a daemon the task
     * started, a descendant that escaped the kill) still holds them.
     */
    static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

    private static final Pattern OS_ERROR =
            Pattern.compile("error=\\d+,\\s*(.+)|error:\\s*\\d+\\s*\\(([^)]+)\\)");

    private enum Ending { EXITED, TIMED_OUT, CANCELLED }

    private final Path workDir;
    private final String runId;
    private final TaskSpec spec;
    private final int outputLimitBytes;
    private final CancellationToken cancel;
    private final OutputListener listener;
    private final ResourceProvider resources;
    private final Instant startedAt = Instant.now();
    /** When the task's timeout ends it, or null if it has none. */
    private final Instant deadline;

    TaskExecution(Path workDir, String runId, TaskSpec spec, int outputLimitBytes, CancellationToken cancel,
            OutputListener listener, ResourceProvider resources) {
        this.listener = listener;
        this.workDir = workDir;
        this.runId = runId;
        this.spec = spec;
        this.outputLimitBytes = outputLimitBytes;
        this.cancel = cancel;
        this.resources = resources;
        this.deadline = spec.timeoutSeconds() > 0 ? startedAt.plusSeconds(spec.timeoutSeconds()) : null;
    }

    TaskResult run() {
        if (spec.refused() != null) {
            // The server will not let this task run here: nothing is fetched, nothing is started.
            return new TaskResult(spec.name(), TaskStatus.FAILED, null, "", spec.refused(), startedAt, Instant.now());
        }
        try {
            if (spec.delivers()) {
                return deliver();
            }
            if (!Files.isDirectory(workDir)) {
                return notStarted("work directory '" + workDir + "' does not exist");
            }
            if (spec.runsScript()) {
                return runScript();
            }
        } catch (TaskEnded ended) {
            return ended.result;
        }
        if (spec.command() == null || spec.command().isEmpty()) {
            return notStarted("task has neither a command nor a script");
        }
        return launch(spec.command());
    }

    /** An inline script, or one whose body is a resource: either way a file in the work directory, run once. */
    private TaskResult runScript() throws TaskEnded {
        ScriptFile script;
        if (spec.script() != null) {
            script = writeScript(() -> ScriptFile.write(workDir, spec.script()));
        } else {
            try (ResourceProvider.Lease body = obtainResource()) {
                script = writeScript(() -> ScriptFile.copy(workDir, body.path()));
            }
        }
        try (script) {
            return launch(CommandLine.forScript(spec.interpreter(), script.path()));
        }
    }

    private interface ScriptWriter {
        ScriptFile write() throws IOException;
    }

    private ScriptFile writeScript(ScriptWriter writer) throws TaskEnded {
        try {
            return writer.write();
        } catch (IOException e) {
            throw new TaskEnded(notStarted("cannot write script file in '" + workDir + "': " + e));
        }
    }

    /** Writes the task's resource to its destination; nothing is executed. */
    private TaskResult deliver() throws TaskEnded {
        Delivery delivery = spec.deliver();
        Set<PosixFilePermission> permissions;
        Path target;
        try {
            permissions = FileMode.parse(delivery.mode());
            target = delivery.path() == null ? null : Path.of(delivery.path());
        } catch (IllegalArgumentException e) {
            // A mode that is not octal permissions, or a path the file system cannot name (InvalidPathException).
            return notStarted("cannot deliver: " + e.getMessage());
        }
        if (target == null || !target.isAbsolute()) {
            return notStarted("cannot deliver: the path must be absolute, got '" + delivery.path() + "'");
        }
        ResourceRef ref = spec.resource();
        try (ResourceProvider.Lease lease = obtainResource()) {
            long bytes = ResourceDelivery.write(lease.path(), target, permissions);
            String line = "delivered resource '" + ref.name() + "' (" + bytes + " bytes, sha256 "
                    + ref.sha256().substring(0, 12) + "…) to " + target + " mode " + FileMode.normalized(delivery.mode())
                    + "\n";
            listener.output(spec.name(), "stdout", line);
            return new TaskResult(spec.name(), TaskStatus.SUCCEEDED, null, line, "", startedAt, Instant.now());
        } catch (IOException | RuntimeException e) {
            // RuntimeException: e.g. a file system without POSIX permissions, a SecurityException.
            return notStarted("cannot deliver resource '" + ref.name() + "' to " + target + ": " + e);
        }
    }

    /**
     * The task's resource, downloaded if the cache lacks it; the download stops when the run is cancelled
     * or the task's time is up, and each way of failing ends the task with its own status.
     */
    private ResourceProvider.Lease obtainResource() throws TaskEnded {
        ResourceRef ref = spec.resource();
        if (ref == null) {
            throw new TaskEnded(notStarted("task names no resource"));
        }
        CancellationToken bounded = cancel.limitedTo(deadline == null ? null : remaining(deadline));
        try {
            return resources.obtain(ref, runId, bounded);
        } catch (ResourceUnavailableException e) {
            TaskStatus status = cancel.isCancelled() ? TaskStatus.CANCELLED
                    : bounded.isCancelled() ? TaskStatus.TIMED_OUT : TaskStatus.FAILED;
            String message = switch (status) {
                case CANCELLED -> e.getMessage() + " (the run was cancelled)";
                case TIMED_OUT -> e.getMessage() + " (the task timed out after " + spec.timeoutSeconds() + " s)";
                default -> e.getMessage();
            };
            throw new TaskEnded(new TaskResult(spec.name(), status, null, "", message + "\n", startedAt,
                    Instant.now()));
        } finally {
            bounded.cancel(); // done with it: releases its timer
        }
    }

    /** The task ended before anything ran; carries the result to report. */
    private static final class TaskEnded extends Exception {
        private final TaskResult result;

        TaskEnded(TaskResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    private TaskResult launch(List<String> argv) {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile());
        try {
            builder.environment().putAll(spec.env());
        } catch (IllegalArgumentException e) {
            // The JDK rejects names containing '=' or NUL; that is a broken task, not an agent bug.
            return notStarted("invalid environment for the task: " + e.getMessage());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return notStarted(startFailureMessage(argv.get(0), e));
        }
        // Empty stdin: a task must never read the agent's stdin, and one that waits for input
        // sees end of file instead of hanging until its timeout.
        closeQuietly(process);

        OutputCapture stdout = OutputCapture.start(threadName("stdout"), process.getInputStream(), outputLimitBytes,
                text -> listener.output(spec.name(), "stdout", text));
        OutputCapture stderr = OutputCapture.start(threadName("stderr"), process.getErrorStream(), outputLimitBytes,
                text -> listener.output(spec.name(), "stderr", text));

        Ending ending = awaitEnding(process);
        if (ending != Ending.EXITED) {
            ProcessTree.kill(process, KILL_GRACE);
            awaitReaped(process);
        }
        awaitOutput(stdout, stderr);
        Instant finishedAt = Instant.now();

        return switch (ending) {
            case EXITED -> {
                int code = process.exitValue();
                TaskStatus status = code == 0 ? TaskStatus.SUCCEEDED : TaskStatus.FAILED;
                yield new TaskResult(spec.name(), status, code, stdout.text(), stderr.text(), startedAt, finishedAt);
            }
            case TIMED_OUT -> new TaskResult(spec.name(), TaskStatus.TIMED_OUT, null,
                    stdout.text(), stderr.text(), startedAt, finishedAt);
            case CANCELLED -> new TaskResult(spec.name(), TaskStatus.CANCELLED, null,
                    stdout.text(), stderr.text(), startedAt, finishedAt);
        };
    }

    /** Blocks until the process exits, the timeout passes or the run is cancelled, whichever is first. */
    private Ending awaitEnding(Process process) {
        CompletableFuture<Object> exitOrCancel = CompletableFuture.anyOf(process.onExit(), cancel.whenCancelled());
        try {
            if (deadline != null) {
                // What is left of the task's time: fetching a script resource may have used some of it.
                exitOrCancel.get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
            } else {
                exitOrCancel.get(); // no timeout configured: only exit or cancel end the wait
            }
        } catch (TimeoutException e) {
            // A process that exited right at the deadline gets its real result.
            return process.isAlive() ? Ending.TIMED_OUT : Ending.EXITED;
        } catch (InterruptedException e) {
            // The agent is shutting down this thread: treat it like a cancel, keep the interrupt.
            Thread.currentThread().interrupt();
            return Ending.CANCELLED;
        } catch (ExecutionException e) {
            // Neither future ever completes exceptionally; decide by liveness below.
        }
        return process.isAlive() ? Ending.CANCELLED : Ending.EXITED;
    }

    private void awaitReaped(Process process) {
        try {
            if (!process.waitFor(EXIT_AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("task '{}': process {} still alive after SIGKILL", spec.name(), process.pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitOutput(OutputCapture stdout, OutputCapture stderr) {
        Instant deadline = Instant.now().plus(OUTPUT_DRAIN);
        boolean complete = stdout.awaitEnd(OUTPUT_DRAIN);
        complete &= stderr.awaitEnd(remaining(deadline));
        if (!complete) {
            log.warn("task '{}': output still held open {} after the process ended; reporting what was read",
                    spec.name(), OUTPUT_DRAIN);
        }
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private TaskResult notStarted(String message) {
        return new TaskResult(spec.name(), TaskStatus.FAILED, null, "", message + "\n", startedAt, Instant.now());
    }

    /**
     * "cannot start 'prog': No such file or directory". The JDK's message names the working
     * directory and wraps the OS error in launcher-specific text: "error=2, No such file or
     * directory" (fork/vfork) or "Exec failed, error: 2 (No such file or directory)" (posix_spawn,
     * JDK 23+). Only the OS error text is something a user can act on.
     */
    static String startFailureMessage(String program, IOException e) {
        String detail = e.getCause() instanceof IOException cause && cause.getMessage() != null
                ? cause.getMessage()
                : String.valueOf(e.getMessage());
        Matcher osError = OS_ERROR.matcher(detail);
        String reason = osError.find()
                ? (osError.group(1) != null ? osError.group(1) : osError.group(2))
                : detail;
        return "cannot start '" + program + "': " + reason.strip();
    }

    private String threadName(String stream) {
        return "steward-task-" + spec.name() + "-" + stream;
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Closing our end of a pipe cannot meaningfully fail; the child just sees EOF.
        }
    }
}
