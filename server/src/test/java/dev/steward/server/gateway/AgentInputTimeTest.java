package dev.steward.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.protocol.RunResult;
import dev.steward.protocol.RunStatus;
import dev.steward.protocol.TaskResult;
import dev.steward.protocol.TaskStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An agent's clock is untrusted: a time one datastore cannot store would fail the result on every
 * retry (PostgreSQL refuses year 300000, H2 takes it), blocking the agent's later results behind it.
 */
class AgentInputTimeTest {
    private static final String RUN = "123e4567-e89b-12d3-a456-426614174000";

    @Test
    void timesOutsideTheStorableRangeBecomeUnknownAndSaneOnesAreKept() {
        Instant absurd = Instant.parse("+300000-01-01T00:00:00Z");
        Instant ancient = Instant.parse("1970-01-01T00:00:00Z");
        Instant sane = Instant.parse("2026-11-23T10:00:00Z");
        RunResult in = new RunResult(RUN, RunStatus.SUCCEEDED,
                List.of(new TaskResult("t", TaskStatus.SUCCEEDED, 0, "", "", ancient, absurd)), sane, absurd);

        RunResult clean = AgentInput.result(in, "messages[0].result");

        assertThat(clean.startedAt()).isEqualTo(sane);
        assertThat(clean.finishedAt()).isNull();
        assertThat(clean.tasks().getFirst().startedAt()).isNull();
        assertThat(clean.tasks().getFirst().finishedAt()).isNull();
    }
}
