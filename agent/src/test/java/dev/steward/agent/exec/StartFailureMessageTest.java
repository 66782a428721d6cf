package dev.steward.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The JDK words launch failures differently per launch mechanism; users see one form. */
class StartFailureMessageTest {

    private static IOException launchFailure(String detail) {
        return new IOException("Cannot run program \"x\" (in directory \"/w\"): " + detail, new IOException(detail));
    }

    @Test
    void forkStyleMessage() {
        assertThat(TaskExecution.startFailureMessage("x", launchFailure("error=2, No such file or directory")))
                .isEqualTo("cannot start 'x': No such file or directory");
    }

    @Test
    void posixSpawnStyleMessage() {
        assertThat(TaskExecution.startFailureMessage("x",
                launchFailure("Exec failed, error: 13 (Permission denied) ")))
                .isEqualTo("cannot start 'x': Permission denied");
    }

    @Test
    void unknownWordingIsPassedThrough() {
        assertThat(TaskExecution.startFailureMessage("x", launchFailure("something odd")))
                .isEqualTo("cannot start 'x': something odd");
        assertThat(TaskExecution.startFailureMessage("x", new IOException("no cause")))
                .isEqualTo("cannot start 'x': no cause");
    }
}
