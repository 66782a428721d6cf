package dev.steward.server.inventory;

import dev.steward.protocol.Inventory;
import java.time.Instant;

/**
 * An agent's latest inventory. {@code pending} is true while an on-demand request is unanswered;
 * {@code inventory} is null until the first report.
 */
public record InventoryView(String agent, String agentId, boolean pending, Instant requestedAt, Instant receivedAt,
        Inventory inventory) {
}
