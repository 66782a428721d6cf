package dev.steward.server.job;

import static dev.steward.protocol.RunStatus.CANCELLED;
import static dev.steward.protocol.RunStatus.DELIVERED;
import static dev.steward.protocol.RunStatus.FAILED;
import static dev.steward.protocol.RunStatus.PENDING;
import static dev.steward.protocol.RunStatus.RUNNING;
import static dev.steward.protocol.RunStatus.SUCCEEDED;
import static dev.steward.protocol.RunStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobStatusTest {
    @Test
    void derivesTheJobFromItsRuns() {
        assertThat(JobStatus.of(List.of(PENDING, PENDING))).isEqualTo("pending");
        assertThat(JobStatus.of(List.of(PENDING, DELIVERED))).isEqualTo("running");
        assertThat(JobStatus.of(List.of(SUCCEEDED, RUNNING))).isEqualTo("running");
        assertThat(JobStatus.of(List.of(SUCCEEDED, SUCCEEDED))).isEqualTo("succeeded");
        assertThat(JobStatus.of(List.of(SUCCEEDED, FAILED))).isEqualTo("failed");
        assertThat(JobStatus.of(List.of(SUCCEEDED, TIMED_OUT))).isEqualTo("failed");
        assertThat(JobStatus.of(List.of(SUCCEEDED, CANCELLED))).isEqualTo("cancelled");
        assertThat(JobStatus.of(List.of(FAILED, CANCELLED))).isEqualTo("failed");
    }
}
