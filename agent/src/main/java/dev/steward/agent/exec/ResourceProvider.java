package dev.steward.agent.exec;

import dev.steward.protocol.ResourceRef;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where tasks get the files their resources name: the agent's cache, which downloads what it lacks from
 * the server. Defined here, where it is used, so that execution does not depend on how resources travel.
 */
public interface ResourceProvider {

    /** For runners without a way to fetch resources: every task that needs one fails, saying so. */
    ResourceProvider NONE = (ref, runId, cancel) -> {
        throw new ResourceUnavailableException("this agent has no source of resources (resource '" + ref.name() + "')");
    };

    /**
     * A local file holding exactly the content {@code ref} announces (SHA-256 and size verified), kept
     * in place until the lease is closed.
     *
     * @param runId  the run that needs it; the server hands a resource only to an agent with a run using it
     * @param cancel stops a download in progress; the caller decides whether that was a cancel or a timeout
     * @throws ResourceUnavailableException with a message fit for the task's stderr
     */
    Lease obtain(ResourceRef ref, String runId, CancellationToken cancel) throws ResourceUnavailableException;

    /** A resource's file, which stays where it is (is not evicted) until closed. Closing twice is harmless. */
    final class Lease implements AutoCloseable {
        private final Path path;
        private final Runnable release;
        private final AtomicBoolean closed = new AtomicBoolean();

        public Lease(Path path, Runnable release) {
            this.path = path;
            this.release = release;
        }

        public Path path() {
            return path;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release.run();
            }
        }
    }
}
