package dev.steward.agent.exec;

import static dev.steward.agent.exec.Tasks.command;
import static dev.steward.agent.exec.Tasks.module;
import static dev.steward.agent.exec.Tasks.script;
import static dev.steward.agent.exec.Tasks.withEnv;
import static dev.steward.agent.exec.Tasks.withOnError;
import static dev.steward.agent.exec.Tasks.withTimeout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.OnError;
import dev.steward.protocol.ProtocolLimits;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.RunStatus;
import dev.steward.protocol.TaskResult;
import dev.steward.protocol.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Single-run behaviour with real processes: capture, argv handling, scripts, env, exit codes. */
@Timeout(20)
class ModuleRunnerTest {

    private static final int LIMIT = ProtocolLimits.DEFAULT_OUTPUT_LIMIT_BYTES;

    @TempDir
    Path workDir;

    private RunResult run(dev.steward.protocol.ModuleSpec module) {
        return new ModuleRunner(workDir).run("run-1", module, LIMIT, new CancellationToken());
    }

    private TaskResult runOne(dev.steward.protocol.TaskSpec task) {
        RunResult result = run(module(task));
        assertThat(result.tasks()).hasSize(1);
        return result.tasks().get(0);
    }

    @Test
    void successCapturesStdoutAndStderrSeparately() {
        RunResult result = run(module(command("both", "sh", "-c", "echo out; echo err >&2")));

        assertThat(result.runId()).isEqualTo("run-1");
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.startedAt()).isNotNull();
        assertThat(result.finishedAt()).isAfterOrEqualTo(result.startedAt());
        TaskResult task = result.tasks().get(0);
        assertThat(task.name()).isEqualTo("both");
        assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(task.exitCode()).isZero();
        assertThat(task.stdout()).isEqualTo("out\n");
        assertThat(task.stderr()).isEqualTo("err\n");
        assertThat(task.startedAt()).isNotNull();
        assertThat(task.finishedAt()).isAfterOrEqualTo(task.startedAt());
    }

    @Test
    void commandArgvIsNotInterpretedByAShell() {
        TaskResult task = runOne(command("literal", "echo", "$HOME", "*", "a;b", "`id`"));

        assertThat(task.stdout()).isEqualTo("$HOME * a;b `id`\n");
    }

    @Test
    void tasksRunInTheWorkDirectory() throws IOException {
        TaskResult task = runOne(command("pwd", "pwd"));

        assertThat(Path.of(task.stdout().strip()).toRealPath()).isEqualTo(workDir.toRealPath());
    }

    @Test
    void scriptUsesShByDefaultAndIsDeletedAfterwards() throws IOException {
        TaskResult nullInterpreter = runOne(script("default", null, "echo \"via $0\"\nstat -c %a \"$0\"\n"));
        TaskResult blankInterpreter = runOne(script("blank", "  ", "echo blank-ok\n"));

        assertThat(nullInterpreter.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(nullInterpreter.stdout()).startsWith("via " + workDir.toAbsolutePath());
        assertThat(nullInterpreter.stdout()).endsWith("\n700\n"); // owner-only while it exists
        assertThat(blankInterpreter.stdout()).isEqualTo("blank-ok\n");
        try (Stream<Path> left = Files.list(workDir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void scriptWithExplicitBash() {
        TaskResult task = runOne(script("bash", "bash", "[[ -n \"$BASH_VERSION\" ]] && echo bash-ok\n"));

        assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(task.stdout()).isEqualTo("bash-ok\n");
    }

    @Test
    void interpreterMayCarryArguments() {
        TaskResult task = runOne(script("errexit", "bash -e", "false\necho not-reached\n"));

        assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(task.exitCode()).isEqualTo(1);
        assertThat(task.stdout()).isEmpty();
    }

    @Test
    void envIsAddedToTheInheritedEnvironment() {
        TaskResult task = runOne(withEnv(
                command("env", "sh", "-c", "printf '%s|%s' \"$STEWARD_TEST_VAR\" \"${PATH:+has-path}\""),
                Map.of("STEWARD_TEST_VAR", "hello world")));

        assertThat(task.stdout()).isEqualTo("hello world|has-path");
    }

    @Test
    void invalidEnvironmentFailsTheTaskInsteadOfThrowing() {
        TaskResult task = runOne(withEnv(command("bad-env", "true"), Map.of("BAD=NAME", "x")));

        assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(task.exitCode()).isNull();
        assertThat(task.stderr()).startsWith("invalid environment for the task");
    }

    @Test
    void stdinIsEmpty() {
        // cat would block forever on an inherited or open stdin; with empty stdin it ends at once.
        TaskResult task = runOne(withTimeout(command("cat", "cat"), 5));

        assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(task.stdout()).isEmpty();
    }

    @Test
    void nonZeroExitFailsWithItsCode() {
        RunResult result = run(module(command("fail", "sh", "-c", "echo partial; exit 3")));

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        TaskResult task = result.tasks().get(0);
        assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(task.exitCode()).isEqualTo(3);
        assertThat(task.stdout()).isEqualTo("partial\n");
    }

    @Test
    void missingExecutableFailsWithAClearMessage() {
        TaskResult task = runOne(command("missing", "nosuchcmd-steward", "arg"));

        assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(task.exitCode()).isNull();
        assertThat(task.stdout()).isEmpty();
        assertThat(task.stderr()).contains("cannot start 'nosuchcmd-steward': No such file or directory");
        assertThat(task.startedAt()).isNotNull();
        assertThat(task.finishedAt()).isNotNull();
    }

    @Test
    void missingInterpreterFailsWithAClearMessage() throws IOException {
        TaskResult task = runOne(script("missing", "nosuch-interp --flag", "echo hi\n"));

        assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(task.exitCode()).isNull();
        assertThat(task.stderr()).contains("cannot start 'nosuch-interp'");
        try (Stream<Path> left = Files.list(workDir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void emptyModuleSucceeds() {
        RunResult result = run(module());

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.tasks()).isEmpty();
    }

    @Test
    void missingWorkDirIsCreated() {
        Path nested = workDir.resolve("a/b");
        RunResult result = new ModuleRunner(nested).run("r", module(script("s", null, "echo ok\n")), LIMIT,
                new CancellationToken());

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.tasks().get(0).stdout()).isEqualTo("ok\n");
    }

    @Test
    void continueTaskDoesNotFailTheRun() {
        RunResult result = run(module(
                withOnError(command("flaky", "false"), OnError.CONTINUE),
                command("after", "echo", "ran")));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.tasks()).extracting(TaskResult::status)
                .containsExactly(TaskStatus.FAILED, TaskStatus.SUCCEEDED);
        assertThat(result.tasks().get(1).stdout()).isEqualTo("ran\n");
    }
}
