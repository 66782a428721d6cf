package dev.steward.agent;

import dev.steward.protocol.AgentMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Task output waiting to be streamed to the server. Pieces of the same run, task and stream are merged,
 * and the buffer is bounded: live output is a courtesy to people watching, the stored result is the
 * record, so under pressure pieces are dropped rather than memory spent.
 */
final class LiveOutput {
    /** A merged piece stays below what the server relays in one piece (64 KiB). */
    static final int MAX_PIECE_CHARS = 32 * 1024;
    private final int maxChars;
    private final List<AgentMessage.RunOutput> pending = new ArrayList<>();
    private int chars;

    LiveOutput(int maxChars) {
        this.maxChars = maxChars;
    }

    /** Returns true when this is the first piece since the last drain (the caller wakes the sender). */
    synchronized boolean add(String runId, String task, String stream, String text) {
        if (chars + text.length() > maxChars) {
            return false;
        }
        boolean first = pending.isEmpty();
        AgentMessage.RunOutput last = first ? null : pending.getLast();
        if (last != null && last.runId().equals(runId) && last.task().equals(task) && last.stream().equals(stream)
                && last.text().length() + text.length() <= MAX_PIECE_CHARS) {
            pending.set(pending.size() - 1, new AgentMessage.RunOutput(runId, task, stream, last.text() + text));
        } else {
            pending.add(new AgentMessage.RunOutput(runId, task, stream, text));
        }
        chars += text.length();
        return first;
    }

    synchronized boolean isEmpty() {
        return pending.isEmpty();
    }

    synchronized List<AgentMessage.RunOutput> drain() {
        List<AgentMessage.RunOutput> drained = List.copyOf(pending);
        pending.clear();
        chars = 0;
        return drained;
    }
}
