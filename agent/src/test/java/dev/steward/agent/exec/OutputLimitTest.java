package dev.steward.agent.exec;

import static dev.steward.agent.exec.Tasks.command;
import static dev.steward.agent.exec.Tasks.module;
import static dev.steward.agent.exec.Tasks.script;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.ProtocolLimits;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.TaskResult;
import dev.steward.protocol.TaskStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Large output is capped per stream, marked, and fully drained so the child never blocks. */
@Timeout(20)
class OutputLimitTest {

    private static final int LIMIT = 1024;
    private static final String MARKER = String.format(ProtocolLimits.TRUNCATION_MARKER, LIMIT);

    @TempDir
    Path workDir;

    private TaskResult runOne(dev.steward.protocol.TaskSpec task) {
        RunResult result = new ModuleRunner(workDir).run("run-o", module(task), LIMIT, new CancellationToken());
        return result.tasks().get(0);
    }

    @Test
    void fiveMegabytesOnBothStreamsAtOnceAreTruncatedWithoutDeadlock() {
        // Both streams are written concurrently, far beyond any pipe buffer: a runner that read
        // them one after the other, or stopped reading at the limit, would hang here.
        TaskResult task = runOne(script("flood", null,
                "(head -c 5000000 /dev/zero | tr '\\0' b >&2) &\n"
                        + "head -c 5000000 /dev/zero | tr '\\0' a\n"
                        + "wait\n"));

        assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(task.stdout()).isEqualTo("a".repeat(LIMIT) + MARKER);
        assertThat(task.stderr()).isEqualTo("b".repeat(LIMIT) + MARKER);
    }

    @Test
    void binaryOutputIsDecodedLeniently() {
        TaskResult task = runOne(command("random", "head", "-c", "5000000", "/dev/urandom"));

        assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(task.stdout()).endsWith(MARKER);
        assertThat(task.stderr()).isEmpty();
    }

    @Test
    void outputExactlyAtTheLimitIsNotMarked() {
        TaskResult task = runOne(command("exact", "head", "-c", String.valueOf(LIMIT), "/dev/zero"));

        assertThat(task.stdout()).hasSize(LIMIT).doesNotContain("[steward:");
    }
}
