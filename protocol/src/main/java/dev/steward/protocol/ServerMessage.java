package dev.steward.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Everything the server says to an agent. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServerMessage.AssignRun.class, name = "assign_run"),
    @JsonSubTypes.Type(value = ServerMessage.CancelRun.class, name = "cancel_run"),
})
public sealed interface ServerMessage {

    /** Run this module now. Sent again until the agent reports it started, so it may arrive twice. */
    record AssignRun(String runId, String jobId, ModuleSpec module, int outputLimitBytes) implements ServerMessage {
    }

    /** Stop this run if it is still going; report it as cancelled. */
    record CancelRun(String runId) implements ServerMessage {
    }
}
