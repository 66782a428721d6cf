package dev.steward.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Everything an agent says to the server. The same envelope travels over poll and (later) push. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AgentMessage.CheckIn.class, name = "check_in"),
    @JsonSubTypes.Type(value = AgentMessage.RunAccepted.class, name = "run_accepted"),
    @JsonSubTypes.Type(value = AgentMessage.RunStarted.class, name = "run_started"),
    @JsonSubTypes.Type(value = AgentMessage.RunFinished.class, name = "run_finished"),
    @JsonSubTypes.Type(value = AgentMessage.InventoryReport.class, name = "inventory"),
    @JsonSubTypes.Type(value = AgentMessage.RunOutput.class, name = "run_output"),
})
public sealed interface AgentMessage {

    /**
     * Sent at every contact: who is asking for work, how often it will ask, and which server-held
     * settings it applies ({@code settingsHash} of the last {@link ServerMessage.Settings}, null if none).
     */
    record CheckIn(String agentVersion, String hostname, String os, long pollIntervalSeconds, String settingsHash)
            implements AgentMessage {

        public CheckIn(String agentVersion, String hostname, String os, long pollIntervalSeconds) {
            this(agentVersion, hostname, os, pollIntervalSeconds, null);
        }
    }

    /** The agent holds an assigned run and will execute it. */
    record RunAccepted(String runId) implements AgentMessage {
    }

    record RunStarted(String runId) implements AgentMessage {
    }

    record RunFinished(RunResult result) implements AgentMessage {
    }

    /**
     * Output of a running task as it is produced, for people following the job live. Best effort and
     * not stored: the run's result remains the record.
     */
    record RunOutput(String runId, String task, String stream, String text) implements AgentMessage {
    }

    /** A fresh inventory; {@code requestId} names the on-demand request it answers, null when periodic. */
    record InventoryReport(String requestId, Inventory inventory) implements AgentMessage {
    }
}
