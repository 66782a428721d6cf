package dev.steward.agent.exec;

import static dev.steward.agent.exec.Tasks.command;
import static dev.steward.agent.exec.Tasks.module;
import static dev.steward.agent.exec.Tasks.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.steward.protocol.ModuleSpec;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.RunStatus;
import dev.steward.protocol.TaskResult;
import dev.steward.protocol.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** cancel() stops a running task promptly, tree and all, and skips what has not started. */
@Timeout(20)
class CancellationTest {

    @TempDir
    Path workDir;

    /** A first task that records its background sleep's pid in a file and then blocks. */
    private ModuleSpec longModule() {
        return module(
                script("long", null, "sleep 30 &\necho $! > bg.pid\nsleep 30\n"),
                command("never", "touch", "never-ran"));
    }

    private long awaitBackgroundPid() {
        Path pidFile = workDir.resolve("bg.pid");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> Files.exists(pidFile) && Files.readString(pidFile).endsWith("\n"));
        try {
            return Pids.firstPid(Files.readString(pidFile));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void cancelMidTaskKillsTheTreePromptly() throws Exception {
        CancellationToken token = new CancellationToken();
        CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(
                () -> new ModuleRunner(workDir).run("run-c", longModule(), 4096, token));
        long background = awaitBackgroundPid();
        try {
            Instant cancelledAt = Instant.now();
            token.cancel();
            RunResult result = running.get(5, TimeUnit.SECONDS);
            Duration reaction = Duration.between(cancelledAt, Instant.now());

            assertThat(token.isCancelled()).isTrue();
            assertThat(reaction).isLessThan(Duration.ofMillis(1500));
            assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(result.tasks()).extracting(TaskResult::status)
                    .containsExactly(TaskStatus.CANCELLED, TaskStatus.SKIPPED);
            TaskResult cancelled = result.tasks().get(0);
            assertThat(cancelled.exitCode()).isNull();
            assertThat(cancelled.finishedAt()).isNotNull();
            Pids.awaitDead(background);
            assertThat(Files.exists(workDir.resolve("never-ran"))).isFalse();
        } finally {
            Pids.killQuietly(background);
        }
    }

    @Test
    void cancelledBeforeStartRunsNothing() {
        CancellationToken token = new CancellationToken();
        token.cancel();

        RunResult result = new ModuleRunner(workDir).run("run-c", longModule(), 4096, token);

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.tasks()).extracting(TaskResult::status)
                .containsExactly(TaskStatus.SKIPPED, TaskStatus.SKIPPED);
        assertThat(Files.exists(workDir.resolve("bg.pid"))).isFalse();
    }

    @Test
    void cancelledEmptyModuleIsCancelled() {
        CancellationToken token = new CancellationToken();
        token.cancel();

        RunResult result = new ModuleRunner(workDir).run("run-c", module(), 4096, token);

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.tasks()).isEmpty();
    }

    @Test
    void interruptingTheRunnerThreadActsLikeCancel() throws Exception {
        AtomicReference<RunResult> result = new AtomicReference<>();
        Thread runner = Thread.ofPlatform().start(
                () -> result.set(new ModuleRunner(workDir).run("run-i", longModule(), 4096, new CancellationToken())));
        long background = awaitBackgroundPid();
        try {
            runner.interrupt();
            assertThat(runner.join(Duration.ofSeconds(5))).isTrue();

            assertThat(result.get().status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(result.get().tasks()).extracting(TaskResult::status)
                    .containsExactly(TaskStatus.CANCELLED, TaskStatus.SKIPPED);
            Pids.awaitDead(background);
        } finally {
            Pids.killQuietly(background);
        }
    }
}
