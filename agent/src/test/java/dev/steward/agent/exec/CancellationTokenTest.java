package dev.steward.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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

    @Test
    void onCancelCompletesWithTheTokenAndCannotCancelIt() {
        CancellationToken token = new CancellationToken();
        CompletableFuture<Void> seen = token.onCancel().toCompletableFuture();
        seen.complete(null); // completing a copy of the stage is not cancelling

        assertThat(token.isCancelled()).isFalse();
        token.cancel();
        assertThat(token.onCancel().toCompletableFuture()).isDone();
    }

    @Test
    void limitedTokenEndsWithItsParentOrAtItsDeadline() {
        CancellationToken parent = new CancellationToken();
        CancellationToken unlimited = parent.limitedTo(null);
        CancellationToken timed = parent.limitedTo(Duration.ofMillis(50));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(timed::isCancelled);
        assertThat(parent.isCancelled()).isFalse();
        assertThat(unlimited.isCancelled()).isFalse();

        parent.cancel();
        assertThat(unlimited.isCancelled()).isTrue();
    }
}
