package dev.steward.server.fleet;

import java.util.Optional;

/**
 * Which agents hold a persistent connection, and a way to end one. Implemented by the agent gateway;
 * the fleet asks through this interface so it never depends on the transport.
 */
public interface ConnectionDirectory {
    Optional<ConnectionInfo> connection(String agentId);

    /** Ends the agent's persistent connection; false when it had none (on this node). */
    boolean disconnect(String agentId, String reason);

    /** No persistent connections (until the gateway registers itself). */
    ConnectionDirectory NONE = new ConnectionDirectory() {
        @Override
        public Optional<ConnectionInfo> connection(String agentId) {
            return Optional.empty();
        }

        @Override
        public boolean disconnect(String agentId, String reason) {
            return false;
        }
    };
}
