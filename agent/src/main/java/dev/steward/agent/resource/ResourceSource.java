package dev.steward.agent.resource;

import dev.steward.agent.transport.ResponseTooLargeException;
import dev.steward.agent.transport.ServerRejectedException;
import dev.steward.agent.transport.ServerUnreachableException;
import dev.steward.protocol.ResourceRef;
import java.io.OutputStream;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;

/** Where {@link ResourceCache} gets what it lacks: the server, or a stand-in in tests. */
public interface ResourceSource {

    /**
     * Writes the content of {@code ref} into {@code sink}, at most {@code ref.size()} bytes, and returns
     * how many it wrote. Verifying the content is the caller's job.
     *
     * @param runId the run needing it: the server hands out a resource only for a run that uses it
     * @param abort stops the transfer when it completes
     * @throws ServerRejectedException     the server refuses (4xx)
     * @throws ServerUnreachableException  the server cannot be reached, answers 5xx, or the transfer broke off
     * @throws ResponseTooLargeException   more than {@code ref.size()} bytes came
     * @throws CancellationException       {@code abort} completed
     * @throws java.io.UncheckedIOException writing {@code sink} failed
     */
    long fetch(ResourceRef ref, String runId, OutputStream sink, CompletionStage<?> abort);
}
