package dev.steward.server.job;

import java.util.Collection;

/**
 * Told when agents have new work or new cancellations, so a push channel can deliver it at once instead
 * of at the next check-in. Lets jobs notify the gateway without depending on it.
 */
@FunctionalInterface
public interface WorkListener {
    void workChanged(Collection<String> agentIds);

    /**
     * A new job created one run for each of these agents. By default the same as {@link #workChanged};
     * a push channel can deliver just the new run, without asking what else is pending per agent.
     */
    default void runsCreated(String jobId, Collection<String> agentIds) {
        workChanged(agentIds);
    }

    WorkListener NONE = agentIds -> { };

    /** Tells {@code first}, then {@code then}: a cache must hear of new work before a channel reads through it. */
    static WorkListener inOrder(WorkListener first, WorkListener then) {
        return new WorkListener() {
            @Override
            public void workChanged(Collection<String> agentIds) {
                first.workChanged(agentIds);
                then.workChanged(agentIds);
            }

            @Override
            public void runsCreated(String jobId, Collection<String> agentIds) {
                first.runsCreated(jobId, agentIds);
                then.runsCreated(jobId, agentIds);
            }
        };
    }
}
