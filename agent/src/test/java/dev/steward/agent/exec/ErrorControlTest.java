package dev.steward.agent.exec;

import static dev.steward.agent.exec.Tasks.command;
import static dev.steward.agent.exec.Tasks.module;
import static dev.steward.agent.exec.Tasks.withOnError;
import static dev.steward.agent.exec.Tasks.withTimeout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.OnError;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.RunStatus;
import dev.steward.protocol.TaskResult;
import dev.steward.protocol.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** on_error stop vs continue, and how it decides the run status. */
@Timeout(20)
class ErrorControlTest {

    @TempDir
    Path workDir;

    private RunResult run(dev.steward.protocol.ModuleSpec module) {
        return new ModuleRunner(workDir).run("run-ec", module, 4096, new CancellationToken());
    }

    @Test
    void stopSkipsTheRestAndFailsTheRun() {
        RunResult result = run(module(
                command("ok", "true"),
                withOnError(command("tolerated", "false"), OnError.CONTINUE),
                command("ok-again", "true"),
                command("fatal", "sh", "-c", "exit 7"),
                command("never", "touch", "never-ran")));

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.tasks()).extracting(TaskResult::name)
                .containsExactly("ok", "tolerated", "ok-again", "fatal", "never");
        assertThat(result.tasks()).extracting(TaskResult::status).containsExactly(
                TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.SKIPPED);
        assertThat(result.tasks().get(3).exitCode()).isEqualTo(7);

        TaskResult skipped = result.tasks().get(4);
        assertThat(skipped.exitCode()).isNull();
        assertThat(skipped.stdout()).isEmpty();
        assertThat(skipped.stderr()).isEmpty();
        assertThat(skipped.startedAt()).isNull();
        assertThat(skipped.finishedAt()).isNull();
        assertThat(Files.exists(workDir.resolve("never-ran"))).isFalse();
    }

    @Test
    void onlyContinueFailuresMeansSuccess() {
        RunResult result = run(module(
                withOnError(command("missing", "nosuchcmd-steward"), OnError.CONTINUE),
                withOnError(withTimeout(command("slow", "sleep", "30"), 1), OnError.CONTINUE),
                command("last", "true")));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.tasks()).extracting(TaskResult::status)
                .containsExactly(TaskStatus.FAILED, TaskStatus.TIMED_OUT, TaskStatus.SUCCEEDED);
    }

    @Test
    void timeoutWithStopGivesATimedOutRun() {
        RunResult result = run(module(
                withTimeout(command("slow", "sleep", "30"), 1),
                command("never", "true")));

        assertThat(result.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(result.tasks()).extracting(TaskResult::status)
                .containsExactly(TaskStatus.TIMED_OUT, TaskStatus.SKIPPED);
        assertThat(result.tasks().get(0).exitCode()).isNull();
    }

    @Test
    void startFailureWithStopFailsTheRun() {
        RunResult result = run(module(command("missing", "nosuchcmd-steward"), command("never", "true")));

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.tasks()).extracting(TaskResult::status)
                .containsExactly(TaskStatus.FAILED, TaskStatus.SKIPPED);
    }
}
