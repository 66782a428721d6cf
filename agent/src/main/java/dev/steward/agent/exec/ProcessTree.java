package dev.steward.agent.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kills a task's process and everything it started. Killing only the direct child is not enough:
 * a shell's background jobs would survive a timeout or cancel, keep running on the endpoint, and
 * keep our output pipes open.
 */
final class ProcessTree {

    private ProcessTree() {
    }

    /** Asks the whole tree to terminate, then forcibly kills whatever is still alive after {@code grace}. */
    static void kill(Process process, Duration grace) {
        // Snapshot descendants BEFORE the parent dies: once it is gone its children are re-parented
        // (to init or a subreaper) and are no longer reachable through process.descendants().
        // Signal parents before their children: a shell whose child dies first would go on to run its
        // script's next line (a task "killed" at its timeout that still prints or changes things).
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        tree.addAll(process.descendants().sorted(Comparator.comparingInt(ProcessTree::depth)).toList());
        tree.forEach(ProcessHandle::destroy);

        awaitExit(tree, grace);

        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                // Whatever a survivor forked since the snapshot is still its descendant: take it too.
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            }
        }
    }

    /** How many ancestors a process has (bounded: a process table can change under us). */
    private static int depth(ProcessHandle handle) {
        int depth = 0;
        for (var parent = handle.parent(); parent.isPresent() && depth < 64; parent = parent.get().parent()) {
            depth++;
        }
        return depth;
    }

    private static void awaitExit(List<ProcessHandle> tree, Duration grace) {
        CompletableFuture<?>[] exits = tree.stream()
                .map(ProcessHandle::onExit)
                .toArray(CompletableFuture<?>[]::new);
        try {
            CompletableFuture.allOf(exits).get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Someone ignores SIGTERM or is slow to die: the forcible pass handles it.
        } catch (InterruptedException e) {
            // Skip the grace period but still kill; keep the interrupt for our caller.
            Thread.currentThread().interrupt();
        }
    }
}
