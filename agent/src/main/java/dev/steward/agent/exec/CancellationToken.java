package dev.steward.agent.exec;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Lets another thread (typically the agent's message loop, on a server "cancel run" message) stop a
 * run that {@link ModuleRunner} is executing. Cancelling is idempotent and never blocks the caller:
 * the runner thread, not the cancelling thread, kills the running task's process tree.
 */
public final class CancellationToken {

    // A future rather than a flag: the runner waits on "process exited OR cancelled" without polling.
    private final CompletableFuture<Void> cancelled = new CompletableFuture<>();

    public void cancel() {
        cancelled.complete(null);
    }

    public boolean isCancelled() {
        return cancelled.isDone();
    }

    /** Completes when {@link #cancel()} is called. Package-private: only the runner may wait on it. */
    CompletableFuture<Void> whenCancelled() {
        return cancelled;
    }

    /**
     * Completes when the token is cancelled, for work outside this package that blocks and must be
     * stopped (a download). Read-only: completing it is not possible, only {@link #cancel()} cancels.
     */
    public CompletionStage<Void> onCancel() {
        return cancelled.minimalCompletionStage();
    }

    /**
     * A token cancelled when this one is, or once {@code timeout} has passed (null: never), whichever
     * comes first. Cancel it when done with it: that releases its timer and whatever waits on it.
     */
    public CancellationToken limitedTo(Duration timeout) {
        CancellationToken limited = new CancellationToken();
        cancelled.thenRun(limited::cancel);
        if (timeout != null) {
            limited.cancelled.completeOnTimeout(null, Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        }
        return limited;
    }
}
