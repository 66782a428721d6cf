package dev.steward.server.fleet;

import java.time.Instant;

/** A live persistent (push) connection of an agent, as the node holding it sees it. */
public record ConnectionInfo(Instant connectedSince, long bytesSent, long bytesReceived, String node) {
}
