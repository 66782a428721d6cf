package dev.steward.agent.resource;

import dev.steward.agent.transport.HttpsTransport;
import dev.steward.protocol.AgentPaths;
import dev.steward.protocol.ResourceRef;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Resources from the server, by plain HTTPS requests with the agent's client certificate (through its
 * proxy, if it has one), in poll and in push mode alike: a large download must not hold up the batches
 * behind it on the push connection.
 */
public final class ServerResourceSource implements ResourceSource {

    private final Supplier<HttpsTransport> transport;

    /** @param transport the agent's transport, which exists only once its identity is loaded */
    public ServerResourceSource(Supplier<HttpsTransport> transport) {
        this.transport = transport;
    }

    @Override
    public long fetch(ResourceRef ref, String runId, OutputStream sink, CompletionStage<?> abort) {
        HttpsTransport https = transport.get();
        if (https == null) {
            throw new IllegalStateException("no connection to the server yet");
        }
        return https.download(path(ref, runId), sink, ref.size(), abort);
    }

    /** {@code /agent/v1/resources/<sha256>?run=<run id>}: the run is what authorizes the download. */
    static String path(ResourceRef ref, String runId) {
        return AgentPaths.RESOURCES + "/" + ref.sha256() + "?run=" + URLEncoder.encode(runId, StandardCharsets.UTF_8);
    }
}
