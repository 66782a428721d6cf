package dev.steward.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.RunResult;
import dev.steward.protocol.RunStatus;
import dev.steward.protocol.TaskResult;
import dev.steward.protocol.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultSpoolTest {
    private static final String RUN = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @Test
    void keepsResultsOnDiskUntilRemoved(@TempDir Path state) {
        RunResult result = new RunResult(RUN, RunStatus.SUCCEEDED,
                List.of(new TaskResult("t", TaskStatus.SUCCEEDED, 0, "out\n", "", Instant.EPOCH, Instant.EPOCH)),
                Instant.EPOCH, Instant.EPOCH);
        new ResultSpool(state).save(result);

        // A new instance (as after an agent restart) finds it.
        ResultSpool reopened = new ResultSpool(state);
        assertThat(reopened.contains(RUN)).isTrue();
        assertThat(reopened.pending()).containsExactly(result);

        reopened.remove(RUN);
        assertThat(reopened.pending()).isEmpty();
        assertThat(reopened.contains(RUN)).isFalse();
    }

    @Test
    void setsAsideAnUnreadableFileInsteadOfBlockingTheRest(@TempDir Path state) throws Exception {
        ResultSpool spool = new ResultSpool(state);
        spool.save(new RunResult(RUN, RunStatus.FAILED, List.of(), null, Instant.EPOCH));
        Files.writeString(state.resolve("spool/11111111-2222-3333-4444-555555555555.json"), "{not json");

        assertThat(spool.pending()).extracting(RunResult::runId).containsExactly(RUN);
        assertThat(state.resolve("spool/11111111-2222-3333-4444-555555555555.json.bad")).exists();
    }
}
