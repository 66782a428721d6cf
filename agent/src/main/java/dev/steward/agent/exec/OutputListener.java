package dev.steward.agent.exec;

/**
 * Sees task output as it is produced (within the capture limit), for live streaming. Called on the
 * reader threads: implementations must be quick and thread-safe. The captured result stays the record.
 */
@FunctionalInterface
public interface OutputListener {
    void output(String task, String stream, String text);

    OutputListener NONE = (task, stream, text) -> { };
}
