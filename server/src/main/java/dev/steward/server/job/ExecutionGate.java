package dev.steward.server.job;

import dev.steward.protocol.ModuleSpec;
import java.util.List;
import java.util.Map;

/**
 * Decides, at the moment a run is handed to its agent (not when the job was created), whether the agent
 * may run the module at all and which of its tasks may use their resources; and resolves each resource
 * to the content the agent must fetch. Implemented by trusts; lets jobs ask without depending on them.
 */
public interface ExecutionGate {

    /**
     * {@code breach} non-null: the module may not run on this agent (the text says why, naming both sides);
     * otherwise {@code spec} is what to send: resources resolved, tasks refused where trust is missing.
     */
    record Admission(ModuleSpec spec, String breach) {
        public static Admission refused(String breach) {
            return new Admission(null, breach);
        }
    }

    /** The same decision for many agents of one tenant at once (one read of the tenant's trusts). */
    Map<String, Admission> admit(String tenantId, List<String> agentIds, ModuleSpec module);

    default Admission admit(String tenantId, String agentId, ModuleSpec module) {
        return admit(tenantId, List.of(agentId), module).get(agentId);
    }
}
