package dev.steward.agent.exec;

import static dev.steward.agent.exec.Tasks.command;
import static dev.steward.agent.exec.Tasks.deliver;
import static dev.steward.agent.exec.Tasks.module;
import static dev.steward.agent.exec.Tasks.withOnError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.ModuleSpec;
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

/** A task the server refused is reported failed with the server's reason, runs nothing, fetches nothing. */
@Timeout(20)
class RefusedTaskTest {

    private static final String REASON = "resource 'app.conf' is not fully trusted for this agent";

    @TempDir
    Path workDir;
    @TempDir
    Path resourceDir;

    private FakeResources resources;

    private RunResult run(ModuleSpec module) {
        resources = new FakeResources(resourceDir);
        return new ModuleRunner(workDir, resources).run("run-r", module, 4096, new CancellationToken());
    }

    @Test
    void refusedTaskFailsWithTheReasonAndStopSkipsTheRest() {
        RunResult result = run(module(
                command("before", "true"),
                command("refused", "touch", "refused-ran").refusedBecause(REASON),
                command("never", "touch", "never-ran")));

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.tasks()).extracting(TaskResult::status)
                .containsExactly(TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.SKIPPED);
        TaskResult refused = result.tasks().get(1);
        assertThat(refused.stderr()).isEqualTo(REASON);
        assertThat(refused.stdout()).isEmpty();
        assertThat(refused.exitCode()).isNull();
        assertThat(refused.startedAt()).isNotNull();
        assertThat(refused.finishedAt()).isAfterOrEqualTo(refused.startedAt());
        assertThat(workDir.resolve("refused-ran")).doesNotExist();
        assertThat(workDir.resolve("never-ran")).doesNotExist();
    }

    @Test
    void refusedTaskWithContinueLetsTheRunGoOn() {
        RunResult result = run(module(
                withOnError(command("refused", "touch", "refused-ran").refusedBecause(REASON), OnError.CONTINUE),
                command("after", "touch", "after-ran")));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.tasks()).extracting(TaskResult::status)
                .containsExactly(TaskStatus.FAILED, TaskStatus.SUCCEEDED);
        assertThat(result.tasks().get(0).stderr()).isEqualTo(REASON);
        assertThat(workDir.resolve("refused-ran")).doesNotExist();
        assertThat(workDir.resolve("after-ran")).exists();
    }

    @Test
    void refusedDeliveryFetchesNothingAndWritesNothing() {
        Path target = workDir.resolve("etc/app.conf");
        resources = new FakeResources(resourceDir);
        var ref = resources.add("app.conf", "x=1\n");

        RunResult result = new ModuleRunner(workDir, resources).run("run-r",
                module(deliver("conf", ref, target.toString(), "0644").refusedBecause(REASON)), 4096,
                new CancellationToken());

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.tasks().get(0).stderr()).isEqualTo(REASON);
        assertThat(resources.requested).isEmpty();
        assertThat(Files.exists(target.getParent())).isFalse();
    }
}
