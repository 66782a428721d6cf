package dev.steward.agent.exec;

import static dev.steward.agent.exec.Tasks.command;
import static dev.steward.agent.exec.Tasks.module;
import static dev.steward.agent.exec.Tasks.script;
import static dev.steward.agent.exec.Tasks.withTimeout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.RunResult;
import dev.steward.protocol.RunStatus;
import dev.steward.protocol.TaskResult;
import dev.steward.protocol.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Timeouts kill the whole process tree, and nothing a task leaves behind can hang the runner. */
@Timeout(20)
class TimeoutTest {

    @TempDir
    Path workDir;

    private RunResult run(dev.steward.protocol.TaskSpec task) {
        return new ModuleRunner(workDir).run("run-to", module(task), 64 * 1024, new CancellationToken());
    }

    @Test
    void timeoutKillsGrandchildren() {
        // The script's shell starts an inner shell whose background sleep is a grandchild of the
        // task process; it also holds the stdout pipe, so a runner that only killed the direct
        // child would hang in the output reader as well as leak the sleep.
        String body = "sh -c 'sleep 30 & echo $!; wait' &\nwait\n";
        Instant start = Instant.now();
        RunResult result = run(withTimeout(script("tree", null, body), 1));
        Duration elapsed = Duration.between(start, Instant.now());

        TaskResult task = result.tasks().get(0);
        long grandchild = Pids.firstPid(task.stdout());
        try {
            assertThat(result.status()).isEqualTo(RunStatus.TIMED_OUT);
            assertThat(task.status()).isEqualTo(TaskStatus.TIMED_OUT);
            assertThat(task.exitCode()).isNull();
            assertThat(elapsed).isLessThan(Duration.ofSeconds(4));
            Pids.awaitDead(grandchild);
        } finally {
            Pids.killQuietly(grandchild);
        }
    }

    @Test
    void aKilledScriptDoesNotGoOnToItsNextLine() throws Exception {
        // If the sleep died before its shell, the shell would run the next line after the timeout.
        java.nio.file.Path marker = workDir.resolve("after-timeout");
        RunResult result = run(withTimeout(script("two lines", null, "sleep 30\necho after > " + marker + "\n"), 1));
        assertThat(result.tasks().getFirst().status()).isEqualTo(TaskStatus.TIMED_OUT);
        Thread.sleep(500);
        assertThat(marker).doesNotExist();
    }

    @Test
    void timeoutKillsBackgroundJobOfACommand() {
        RunResult result = run(withTimeout(command("bg", "sh", "-c", "sleep 30 & echo $!; sleep 30"), 1));

        TaskResult task = result.tasks().get(0);
        long child = Pids.firstPid(task.stdout());
        try {
            assertThat(task.status()).isEqualTo(TaskStatus.TIMED_OUT);
            Pids.awaitDead(child);
        } finally {
            Pids.killQuietly(child);
        }
    }

    @Test
    void orphanHoldingThePipeCannotHangTheRunner() {
        // The subshell exits at once, so its sleep is re-parented away from the task: no kill can
        // reach it, and it keeps stdout open for 30 s. The bounded reader wait must give up.
        Instant start = Instant.now();
        RunResult result = run(command("orphan", "sh", "-c", "(sleep 30 & echo $!); echo done"));
        Duration elapsed = Duration.between(start, Instant.now());

        TaskResult task = result.tasks().get(0);
        long orphan = Pids.firstPid(task.stdout());
        try {
            assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
            assertThat(task.exitCode()).isZero();
            assertThat(task.stdout()).endsWith("done\n");
            assertThat(elapsed).isLessThan(TaskExecution.OUTPUT_DRAIN.plusSeconds(3));
        } finally {
            Pids.killQuietly(orphan);
        }
    }
}
