package dev.steward.server.job;

import static dev.steward.protocol.RunStatus.FAILED;
import static dev.steward.protocol.RunStatus.PENDING;
import static dev.steward.protocol.RunStatus.RUNNING;
import static dev.steward.protocol.RunStatus.SKIPPED;
import static dev.steward.protocol.RunStatus.SUCCEEDED;
import static dev.steward.protocol.RunStatus.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.RunStatus;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The sequencing rules of projects and run books, one rule per test. */
class JobSequencerTest {

    private static JobSequencer.SeqRun run(String id, String agent, int step, int position, RunStatus status,
            boolean stepContinue, boolean moduleContinue) {
        return new JobSequencer.SeqRun(id, agent, step, position, status, stepContinue, moduleContinue, "m" + position);
    }

    private static Map<String, RunStatus> decide(JobSequencer.SeqRun... runs) {
        return JobSequencer.decide(List.of(runs)).stream()
                .collect(Collectors.toMap(JobSequencer.Decision::runId, JobSequencer.Decision::status));
    }

    @Test
    void aStepWaitsUntilEveryRunOfTheStepBeforeHasEnded() {
        assertThat(decide(run("a", "x", 0, 0, SUCCEEDED, false, false), run("b", "y", 0, 0, RUNNING, false, false),
                run("c", "z", 1, 0, WAITING, false, false))).isEmpty();
        assertThat(decide(run("a", "x", 0, 0, SUCCEEDED, false, false), run("b", "y", 0, 0, SUCCEEDED, false, false),
                run("c", "z", 1, 0, WAITING, false, false))).containsExactly(Map.entry("c", PENDING));
    }

    @Test
    void aFailedStepStopsTheRunBookUnlessMarkedContinue() {
        assertThat(decide(run("a", "x", 0, 0, FAILED, false, false), run("c", "z", 1, 0, WAITING, false, false),
                run("d", "z", 2, 0, WAITING, false, false))).containsEntry("c", SKIPPED).containsEntry("d", SKIPPED);
        assertThat(decide(run("a", "x", 0, 0, FAILED, true, false), run("c", "z", 1, 0, WAITING, false, false)))
                .containsExactly(Map.entry("c", PENDING));
    }

    @Test
    void aProjectRunsModulesInOrderPerAgentAndStopsAtAFailureUnlessContinue() {
        assertThat(decide(run("a1", "x", 0, 0, RUNNING, false, false), run("a2", "x", 0, 1, WAITING, false, false),
                run("b1", "y", 0, 0, SUCCEEDED, false, false), run("b2", "y", 0, 1, WAITING, false, false)))
                .containsExactly(Map.entry("b2", PENDING));
        assertThat(decide(run("a1", "x", 0, 0, FAILED, false, false), run("a2", "x", 0, 1, WAITING, false, false),
                run("a3", "x", 0, 2, WAITING, false, false))).containsEntry("a2", SKIPPED).containsEntry("a3", SKIPPED);
        assertThat(decide(run("a1", "x", 0, 0, FAILED, false, true), run("a2", "x", 0, 1, WAITING, false, false)))
                .containsExactly(Map.entry("a2", PENDING));
    }

    @Test
    void skippedModulesOfAProjectFailItsStep() {
        // Agent x's project stopped; the run book's next step must not start.
        assertThat(decide(run("a1", "x", 0, 0, FAILED, false, false), run("a2", "x", 0, 1, WAITING, false, false),
                run("n", "y", 1, 0, WAITING, false, false))).containsEntry("a2", SKIPPED).containsEntry("n", SKIPPED);
    }
}
