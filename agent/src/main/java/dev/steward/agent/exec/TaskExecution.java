package dev.steward.agent.exec;

import dev.steward.protocol.TaskResult;
import dev.steward.protocol.TaskSpec;
import dev.steward.protocol.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task as a child process and turns whatever happens into a {@link TaskResult}. Failures
 * of the task (cannot start, non-zero exit, timeout, cancel) are results, never exceptions.
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
    private final TaskSpec spec;
    private final int outputLimitBytes;
    private final CancellationToken cancel;
    private final OutputListener listener;

    TaskExecution(Path workDir, TaskSpec spec, int outputLimitBytes, CancellationToken cancel, OutputListener listener) {
        this.listener = listener;
        this.workDir = workDir;
        this.spec = spec;
        this.outputLimitBytes = outputLimitBytes;
        this.cancel = cancel;
    }

    TaskResult run() {
        Instant startedAt = Instant.now();
        if (!Files.isDirectory(workDir)) {
            return notStarted(startedAt, "work directory '" + workDir + "' does not exist");
        }
        if (spec.runsScript()) {
            ScriptFile script;
            try {
                script = ScriptFile.write(workDir, spec.script());
            } catch (IOException e) {
                return notStarted(startedAt, "cannot write script file in '" + workDir + "': " + e);
            }
            try (script) {
                return launch(CommandLine.forScript(spec.interpreter(), script.path()), startedAt);
            }
        }
        if (spec.command() == null || spec.command().isEmpty()) {
            return notStarted(startedAt, "task has neither a command nor a script");
        }
        return launch(spec.command(), startedAt);
    }

    private TaskResult launch(List<String> argv, Instant startedAt) {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile());
        try {
            builder.environment().putAll(spec.env());
        } catch (IllegalArgumentException e) {
            // The JDK rejects names containing '=' or NUL; that is a broken task, not an agent bug.
            return notStarted(startedAt, "invalid environment for the task: " + e.getMessage());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return notStarted(startedAt, startFailureMessage(argv.get(0), e));
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
            if (spec.timeoutSeconds() > 0) {
                exitOrCancel.get(spec.timeoutSeconds(), TimeUnit.SECONDS);
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

    private TaskResult notStarted(Instant startedAt, String message) {
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
