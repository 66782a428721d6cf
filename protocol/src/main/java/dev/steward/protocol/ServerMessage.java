package dev.steward.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Everything the server says to an agent. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServerMessage.AssignRun.class, name = "assign_run"),
    @JsonSubTypes.Type(value = ServerMessage.CancelRun.class, name = "cancel_run"),
    @JsonSubTypes.Type(value = ServerMessage.Settings.class, name = "settings"),
    @JsonSubTypes.Type(value = ServerMessage.CollectInventory.class, name = "collect_inventory"),
})
public sealed interface ServerMessage {

    /** Run this module now. Sent again until the agent reports it started, so it may arrive twice. */
    record AssignRun(String runId, String jobId, ModuleSpec module, int outputLimitBytes) implements ServerMessage {
    }

    /** Stop this run if it is still going; report it as cancelled. */
    record CancelRun(String runId) implements ServerMessage {
    }

    /**
     * The agent's settings as held by the server (agent overrides over tenant defaults). A null field
     * was not set on the server: the agent keeps its own (command-line) value. Sent when the agent's
     * check-in names a different {@code hash}, and pushed at once to connected agents when changed.
     */
    record Settings(String hash, String mode, Long pollIntervalSeconds, Integer outputLimitBytes) implements ServerMessage {
    }

    /** Collect the inventory now and report it with this request id. Offered until a report arrives. */
    record CollectInventory(String requestId) implements ServerMessage {
    }
}
