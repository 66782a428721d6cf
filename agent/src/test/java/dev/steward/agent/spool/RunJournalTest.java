package dev.steward.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunJournalTest {
    private static final String A = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String B = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    @Test
    void acceptsARunOnceEvenAcrossRestarts(@TempDir Path state) {
        RunJournal journal = new RunJournal(state);
        assertThat(journal.accept(A)).isTrue();
        assertThat(journal.accept(A)).isFalse();
        assertThat(new RunJournal(state).accept(A)).isFalse();
    }

    @Test
    void reportsRunsThatWereAcceptedButNeverFinished(@TempDir Path state) {
        RunJournal journal = new RunJournal(state);
        journal.accept(A);
        journal.accept(B);
        journal.done(B);
        assertThat(new RunJournal(state).interrupted()).containsExactly(A);
    }

    @Test
    void knowsWhichRunsWereFinishedAndHandedOver(@TempDir Path state) {
        RunJournal journal = new RunJournal(state);
        journal.accept(A);
        assertThat(journal.isDone(A)).as("accepted, still running").isFalse();
        assertThat(journal.isDone(B)).as("never seen").isFalse();
        journal.done(A);
        assertThat(new RunJournal(state).isDone(A)).isTrue();
    }

    @Test
    void refusesRunIdsThatCouldEscapeTheDirectory(@TempDir Path state) {
        assertThatThrownBy(() -> new RunJournal(state).accept("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
