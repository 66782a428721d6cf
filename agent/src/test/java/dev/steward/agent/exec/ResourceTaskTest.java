package dev.steward.agent.exec;

import static dev.steward.agent.exec.Tasks.command;
import static dev.steward.agent.exec.Tasks.deliver;
import static dev.steward.agent.exec.Tasks.module;
import static dev.steward.agent.exec.Tasks.scriptResource;
import static dev.steward.agent.exec.Tasks.withOnError;
import static dev.steward.agent.exec.Tasks.withTimeout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.ModuleSpec;
import dev.steward.protocol.OnError;
import dev.steward.protocol.ResourceRef;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.RunStatus;
import dev.steward.protocol.TaskResult;
import dev.steward.protocol.TaskSpec;
import dev.steward.protocol.TaskStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Deliver tasks and scripts whose body is a resource, with the resource provider stood in for. */
@Timeout(20)
class ResourceTaskTest {

    @TempDir
    Path workDir;
    @TempDir
    Path resourceDir;
    @TempDir
    Path root;

    private FakeResources resources;

    @BeforeEach
    void setUp() {
        resources = new FakeResources(resourceDir);
    }

    private RunResult run(ModuleSpec module) {
        return run(module, new CancellationToken());
    }

    private RunResult run(ModuleSpec module, CancellationToken token) {
        return new ModuleRunner(workDir, resources).run("run-res", module, 4096, token);
    }

    private TaskResult runOne(TaskSpec task) {
        RunResult result = run(module(task));
        assertThat(result.tasks()).hasSize(1);
        return result.tasks().get(0);
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static Object inode(Path file) throws IOException {
        return Files.getAttribute(file, "unix:ino");
    }

    @Test
    void deliverWritesTheFileWithItsModeAndCreatesParents() throws IOException {
        ResourceRef ref = resources.add("app.conf", "listen 8080\n");
        Path target = root.resolve("etc/app/conf.d/app.conf");

        TaskResult task = runOne(deliver("conf", ref, target.toString(), "0640"));

        assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(task.exitCode()).isNull();
        assertThat(task.stderr()).isEmpty();
        assertThat(task.stdout()).isEqualTo("delivered resource 'app.conf' (12 bytes, sha256 "
                + ref.sha256().substring(0, 12) + "…) to " + target + " mode 0640\n");
        assertThat(target).hasContent("listen 8080\n");
        assertThat(mode(target)).isEqualTo("rw-r-----");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target); // no temp file left beside it
        }
        assertThat(resources.requestedRuns).containsExactly("run-res");
        assertThat(resources.openLeases).hasValue(0);
    }

    @Test
    void threeDigitModesAreOctalToo() throws IOException {
        ResourceRef ref = resources.add("tool", "#!/bin/sh\necho tool\n");
        Path target = root.resolve("bin/tool");

        TaskResult task = runOne(deliver("tool", ref, target.toString(), "755"));

        assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(task.stdout()).endsWith(" mode 0755\n");
        assertThat(mode(target)).isEqualTo("rwxr-xr-x");
    }

    @Test
    void deliverReplacesAnExistingFileInOneRename() throws IOException {
        ResourceRef ref = resources.add("app.conf", "new content\n");
        Path target = root.resolve("app.conf");
        Files.writeString(target, "old content, longer than the new one\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Object oldInode = inode(target);

        try (InputStream reader = Files.newInputStream(target)) {
            TaskResult task = runOne(deliver("conf", ref, target.toString(), "0644"));

            assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
            // A reader of the old file keeps reading the old content: the file was replaced, not rewritten.
            assertThat(new String(reader.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("old content, longer than the new one\n");
        }
        assertThat(target).hasContent("new content\n");
        assertThat(inode(target)).isNotEqualTo(oldInode);
        assertThat(mode(target)).isEqualTo("rw-r--r--");
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files).containsExactly(target);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0999", "4755", "10644", "64", "rw-r--r--", "u+x", " 644", ""})
    void invalidModesFailWithoutTouchingTheDestination(String badMode) throws IOException {
        ResourceRef ref = resources.add("app.conf", "new\n");
        Path target = root.resolve("app.conf");
        Files.writeString(target, "old\n");

        TaskResult task = runOne(deliver("conf", ref, target.toString(), badMode));

        assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(task.exitCode()).isNull();
        assertThat(task.stderr()).isEqualTo(
                "cannot deliver: mode must be octal permissions such as 0644 or 755, got '" + badMode + "'\n");
        assertThat(target).hasContent("old\n");
        assertThat(resources.requested).isEmpty();
    }

    @Test
    void relativePathFails() {
        ResourceRef ref = resources.add("app.conf", "x\n");

        TaskResult task = runOne(deliver("conf", ref, "etc/app.conf", "0644"));

        assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(task.stderr()).isEqualTo("cannot deliver: the path must be absolute, got 'etc/app.conf'\n");
        assertThat(workDir.resolve("etc")).doesNotExist();
    }

    @Test
    void aDirectoryInTheWayFailsAndLeavesNothingBehind() throws IOException {
        ResourceRef ref = resources.add("app.conf", "x\n");
        Path target = root.resolve("app.conf");
        Files.createDirectories(target.resolve("inside"));

        TaskResult task = runOne(deliver("conf", ref, target.toString(), "0644"));

        assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(task.stderr()).startsWith("cannot deliver resource 'app.conf' to " + target + ": ");
        assertThat(target.resolve("inside")).isDirectory();
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files).containsExactly(target);
        }
        assertThat(resources.openLeases).hasValue(0);
    }

    @Test
    void anUnavailableResourceFailsTheTaskAndOnErrorDecides() {
        ResourceRef missing = resources.failing("app.conf",
                "the server refused resource 'app.conf' (HTTP 403): no full trust");
        Path target = root.resolve("app.conf");

        RunResult result = run(module(
                withOnError(deliver("conf", missing, target.toString(), "0644"), OnError.CONTINUE),
                command("after", "true"),
                deliver("again", missing, target.toString(), "0644"),
                command("never", "touch", "never-ran")));

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.tasks()).extracting(TaskResult::status).containsExactly(
                TaskStatus.FAILED, TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.SKIPPED);
        assertThat(result.tasks().get(0).stderr())
                .isEqualTo("the server refused resource 'app.conf' (HTTP 403): no full trust\n");
        assertThat(target).doesNotExist();
        assertThat(workDir.resolve("never-ran")).doesNotExist();
    }

    @Test
    void scriptFromAResourceRunsItsBodyWithTheInterpreter() throws IOException {
        ResourceRef ref = resources.add("setup.sh", "[[ -n \"$BASH_VERSION\" ]] && echo \"bash-ok $(stat -c %a \"$0\")\"\n");

        TaskResult task = runOne(scriptResource("setup", "bash", ref));

        assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(task.exitCode()).isZero();
        assertThat(task.stdout()).isEqualTo("bash-ok 700\n"); // the usual owner-only script file
        try (Stream<Path> left = Files.list(workDir)) {
            assertThat(left).isEmpty();
        }
        assertThat(resourceDir.resolve("setup.sh")).exists(); // the cached copy is not the script file
        assertThat(resources.openLeases).hasValue(0);
    }

    @Test
    void scriptFromAnUnavailableResourceFails() {
        ResourceRef missing = resources.failing("setup.sh", "cannot download resource 'setup.sh': connection refused");

        TaskResult task = runOne(scriptResource("setup", null, missing));

        assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(task.exitCode()).isNull();
        assertThat(task.stderr()).isEqualTo("cannot download resource 'setup.sh': connection refused\n");
    }

    @Test
    void theTimeoutCoversFetchingTheResource() {
        ResourceRef slow = resources.hanging("big.tar");
        Instant start = Instant.now();

        TaskResult task = runOne(withTimeout(deliver("big", slow, root.resolve("big.tar").toString(), "0644"), 1));

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(task.status()).isEqualTo(TaskStatus.TIMED_OUT);
        assertThat(task.stderr()).isEqualTo(
                "the download of resource 'big.tar' was stopped (the task timed out after 1 s)\n");
    }

    @Test
    void cancelStopsFetchingTheResource() throws Exception {
        ResourceRef slow = resources.hanging("setup.sh");
        CancellationToken token = new CancellationToken();
        CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(
                () -> run(module(scriptResource("setup", null, slow), command("never", "true")), token));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !resources.requested.isEmpty());

        token.cancel();
        RunResult result = running.get(5, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.tasks()).extracting(TaskResult::status)
                .containsExactly(TaskStatus.CANCELLED, TaskStatus.SKIPPED);
        assertThat(result.tasks().get(0).stderr()).endsWith("(the run was cancelled)\n");
    }

    @Test
    void runnersWithoutResourcesFailSuchTasksClearly() {
        ResourceRef ref = resources.add("app.conf", "x\n");

        RunResult result = new ModuleRunner(workDir).run("run-none",
                module(deliver("conf", ref, root.resolve("app.conf").toString(), "0644")), 4096, new CancellationToken());

        assertThat(result.tasks().get(0).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(result.tasks().get(0).stderr()).contains("this agent has no source of resources");
    }
}
