package dev.steward.server.gateway;

import dev.steward.server.fleet.AgentRecord;
import dev.steward.server.http.ApiException;
import dev.steward.server.job.AgentRunService;
import dev.steward.server.resource.ResourceService;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * {@code GET /agent/v1/resources/{sha256}?run=ID}: resource content for an agent. Only for one of the
 * agent's own unfinished runs whose module uses that content in a task the trusts admit right now, so an
 * agent can neither fetch another tenant's files nor one its trusts refuse, even knowing the hash.
 */
public final class ResourceDownloads {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-fA-F-]{36}");

    private final AgentRunService runs;
    private final ResourceService resources;

    public ResourceDownloads(AgentRunService runs, ResourceService resources) {
        this.runs = runs;
        this.resources = resources;
    }

    void serve(Context ctx, AgentRecord agent, String sha256, String runId) throws java.io.IOException {
        if (!SHA256.matcher(sha256).matches()) {
            throw ApiException.badRequest("sha256", "expected 64 lowercase hexadecimal digits");
        }
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw ApiException.badRequest("run", "'run' must be the id of the run that uses the resource");
        }
        if (!runs.mayDownload(agent.id(), runId, sha256)) {
            throw ApiException.forbidden("run " + runId + " of this agent does not (or no longer) use a resource with sha256 "
                    + sha256 + " that it may use");
        }
        ctx.contentType("application/octet-stream").result(resources.open(sha256));
    }
}
