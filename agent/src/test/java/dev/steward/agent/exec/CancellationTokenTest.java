package dev.steward.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CancellationTokenTest {

    @Test
    void startsUncancelledAndCancelIsIdempotent() {
        CancellationToken token = new CancellationToken();
        assertThat(token.isCancelled()).isFalse();
        assertThat(token.whenCancelled()).isNotDone();

        token.cancel();
        token.cancel();

        assertThat(token.isCancelled()).isTrue();
        assertThat(token.whenCancelled()).isDone();
    }
}
