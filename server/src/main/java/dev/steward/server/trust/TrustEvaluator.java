package dev.steward.server.trust;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether an agent may use a module or resource, from a snapshot alone.
 *
 * <p>A direction holds when some node in the holder's chain (itself, then what it inherits from) names a
 * node in the other side's chain (the other side itself, or a team or folder containing it). The search
 * walks the holder chain nearest first and, per holder, only that holder's own trusts, so the cost is the
 * chain length times the trusts per holder, whatever the size of the tenant. The first holder with a match
 * wins, and among its trusts the most specific target (nearest the other side): the answer then points at
 * the trust a person would edit.
 */
public final class TrustEvaluator {
    private TrustEvaluator() {
    }

    public static TrustDecision evaluate(TrustSnapshot snapshot, String agentId, TrustNode moduleOrResource) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(moduleOrResource, "moduleOrResource");
        if (!moduleOrResource.kind().evaluable()) {
            throw new IllegalArgumentException("trust is evaluated for a module or a resource, not a " + moduleOrResource.kind().label());
        }
        TrustNode agent = TrustNode.agent(agentId);
        List<TrustNode> agentChain = snapshot.chain(agent);
        List<TrustNode> objectChain = snapshot.chain(moduleOrResource);
        TrustDecision.Direction agentSide = search(snapshot, agentChain, objectChain);
        TrustDecision.Direction objectSide = search(snapshot, objectChain, agentChain);
        return new TrustDecision(agentSide.trusted() && objectSide.trusted(), agentSide, objectSide, agent, moduleOrResource);
    }

    private static TrustDecision.Direction search(TrustSnapshot snapshot, List<TrustNode> holders, List<TrustNode> other) {
        Map<TrustNode, Integer> distance = new HashMap<>();
        for (int i = 0; i < other.size(); i++) {
            distance.put(other.get(i), i);
        }
        for (TrustNode holder : holders) {
            TrustNode best = null;
            int bestDistance = Integer.MAX_VALUE;
            for (TrustNode target : snapshot.targetsHeldBy(holder)) {
                Integer d = distance.get(target);
                if (d != null && d < bestDistance) {
                    best = target;
                    bestDistance = d;
                }
            }
            if (best != null) {
                return TrustDecision.Direction.found(holder, best, holders);
            }
        }
        return TrustDecision.Direction.missing(holders);
    }
}
