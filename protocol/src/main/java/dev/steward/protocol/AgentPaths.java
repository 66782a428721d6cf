package dev.steward.protocol;

/** HTTP paths of the agent-facing endpoints. Both live on the server's single HTTPS port. */
public final class AgentPaths {
    /** Unauthenticated by certificate (the agent has none yet); authorized by an enrollment token. */
    public static final String ENROLL = "/agent/v1/enroll";
    /** Mutual TLS: the poll transport posts an {@link AgentBatch} and receives a {@link ServerBatch}. */
    public static final String EXCHANGE = "/agent/v1/exchange";
    /** Mutual TLS WebSocket (push mode): {@link AgentBatch} and {@link ServerBatch} as JSON text frames. */
    public static final String PUSH = "/agent/v1/push";
    /**
     * Mutual TLS: {@code GET RESOURCES + "/" + sha256} returns a resource's bytes, only to an agent with an
     * open run that uses it and, when trusts apply, full trust with it.
     */
    public static final String RESOURCES = "/agent/v1/resources";

    private AgentPaths() {
    }
}
