package dev.steward.protocol;

/** Sizes both sides agree on. The server enforces them on everything an agent sends. */
public final class ProtocolLimits {
    /** Default cap on captured stdout and stderr per task. */
    public static final int DEFAULT_OUTPUT_LIMIT_BYTES = 1024 * 1024;
    /**
     * Largest request body the server reads from an agent. The agent keeps one result under 12 MiB and a
     * batch of spooled results under 12 MiB, so its requests always fit with room for the other messages.
     */
    public static final int MAX_AGENT_REQUEST_BYTES = 16 * 1024 * 1024;
    public static final int MAX_MESSAGES_PER_BATCH = 1000;
    /** Appended to a stream when it was cut at the output limit, so a reader sees the cut. */
    public static final String TRUNCATION_MARKER = "\n[steward: output truncated at %d bytes]\n";

    private ProtocolLimits() {
    }
}
