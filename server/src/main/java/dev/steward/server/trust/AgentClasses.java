package dev.steward.server.trust;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Agents that trust evaluation cannot tell apart, grouped so that one evaluation answers for a whole class:
 * a fan-out to thousands of agents in a few teams costs a few evaluations, not thousands.
 *
 * <p>Why this is exact: an agent's chain is the agent, then its primary team and that team's folders. When
 * no trust holds or names the agent itself, the agent-side search finds nothing on the agent and continues
 * up the shared part of the chain, and the object-side search can only match the shared part; so two such
 * agents with the same primary team (the same chain above them) get the same decision except for the agent
 * itself, which {@link #forMember} puts back. An agent that a trust holds or names is its own class.
 * {@code AgentClassesPropertyTest} checks this against per-agent evaluation on random tenants.
 */
final class AgentClasses {
    private AgentClasses() {
    }

    /** {@code members} start with {@code representative}; each agent is in exactly one class. */
    record AgentClass(String representative, List<String> members) {
        AgentClass {
            members = List.copyOf(members);
            if (members.isEmpty() || !members.getFirst().equals(representative)) {
                throw new IllegalArgumentException("a class's members start with its representative");
            }
        }
    }

    /** What places an agent that no trust names: what sits above it (null: it has no primary team). */
    private record Above(TrustNode parent) {
    }

    /** The classes of these agents (each once, in the order first seen). */
    static List<AgentClass> of(TrustSnapshot snapshot, Collection<String> agentIds) {
        Map<Object, List<String>> byPlacement = new LinkedHashMap<>();
        for (String agentId : new LinkedHashSet<>(agentIds)) {
            Object key;
            if (snapshot.namedByTrusts(agentId)) {
                key = TrustNode.agent(agentId);
            } else {
                List<TrustNode> chain = snapshot.chain(TrustNode.agent(agentId));
                key = new Above(chain.size() > 1 ? chain.get(1) : null);
            }
            byPlacement.computeIfAbsent(key, k -> new ArrayList<>()).add(agentId);
        }
        return byPlacement.values().stream().map(members -> new AgentClass(members.getFirst(), members)).toList();
    }

    /** A class representative's decision as it reads for another member of the same class. */
    static TrustDecision forMember(TrustDecision decision, String agentId) {
        TrustNode agent = TrustNode.agent(agentId);
        if (decision.agent().equals(agent)) {
            return decision;
        }
        TrustDecision.Direction side = decision.agentSide();
        List<TrustNode> searched = new ArrayList<>(side.searched());
        searched.set(0, agent);
        return new TrustDecision(decision.allowed(), new TrustDecision.Direction(side.trusted(), side.heldBy(), side.names(),
                searched), decision.objectSide(), agent, decision.object());
    }
}
