package dev.steward.server.gateway;

import dev.steward.protocol.Inventory;
import dev.steward.protocol.RunResult;
import dev.steward.protocol.TaskResult;
import dev.steward.server.fleet.CheckInRow;
import dev.steward.server.job.RunReports;
import java.time.Instant;
import java.util.List;

/**
 * Everything one agent batch asks the datastore to keep, validated and ready to be applied in a group
 * commit with other agents' batches ({@link AgentInputWriter}). Plain values only (no agent record): it is
 * also what the redo journal keeps ({@link AgentWritesCodec}).
 *
 * @param checkIn the check-in's facts, or null
 * @param contact when the agent was heard from, if that is due to be written (else null)
 * @param inventory inventory reports, in order
 */
record AgentWrites(String agentId, String tenantId, CheckInRow checkIn, Instant contact, RunReports runs,
        List<InventoryReport> inventory) {

    record InventoryReport(String requestId, Inventory inventory) {
    }

    AgentWrites {
        inventory = List.copyOf(inventory);
    }

    boolean isEmpty() {
        return checkIn == null && contact == null && runs.isEmpty() && inventory.isEmpty();
    }

    /** Roughly the characters this holds, to bound what waits in the queue. */
    long weight() {
        long chars = 512;
        for (RunResult result : runs.finished()) {
            chars += 256 + (result.error() == null ? 0 : result.error().length());
            for (TaskResult task : result.tasks()) {
                chars += 128 + length(task.stdout()) + length(task.stderr());
            }
        }
        return chars + 64L * (runs.accepted().size() + runs.started().size()) + 16_384L * inventory.size();
    }

    private static long length(String text) {
        return text == null ? 0 : text.length();
    }
}
