package dev.steward.agent.exec;

import java.util.concurrent.CompletableFuture;

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
}
