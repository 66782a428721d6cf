package dev.steward.server.trust;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether an agent may use a module or resource, with both directions spelled out so a refusal can say
 * which side is missing and a grant can say where it comes from. Allowed only on a full trust: the agent
 * side trusts the object AND the object side trusts the agent.
 */
public record TrustDecision(boolean allowed, Direction agentSide, Direction objectSide, TrustNode agent, TrustNode object) {
    public TrustDecision {
        Objects.requireNonNull(agentSide, "agentSide");
        Objects.requireNonNull(objectSide, "objectSide");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(object, "object");
        if (allowed != (agentSide.trusted() && objectSide.trusted())) {
            throw new IllegalArgumentException("allowed must be exactly: both directions trusted");
        }
    }

    /**
     * One direction: does the holder's chain (the agent's, or the object's) hold a trust naming something
     * that covers the other side?
     *
     * @param heldBy   where the matching trust is set: the holder itself (explicit) or the ancestor it is
     *                 inherited from; null when not trusted
     * @param names    the target of that trust, which is the other side or a team/folder containing it
     * @param searched the holder's chain, nearest first: what was looked at, to explain a missing trust
     */
    public record Direction(boolean trusted, TrustNode heldBy, TrustNode names, List<TrustNode> searched) {
        public Direction {
            searched = List.copyOf(searched);
            if (searched.isEmpty()) {
                throw new IllegalArgumentException("a direction searches at least the holder itself");
            }
            if (trusted != (heldBy != null) || trusted != (names != null)) {
                throw new IllegalArgumentException("heldBy and names are set exactly when trusted");
            }
            if (trusted && !searched.contains(heldBy)) {
                throw new IllegalArgumentException(heldBy + " is not in the searched chain " + searched);
            }
        }

        static Direction found(TrustNode heldBy, TrustNode names, List<TrustNode> searched) {
            return new Direction(true, heldBy, names, searched);
        }

        static Direction missing(List<TrustNode> searched) {
            return new Direction(false, null, null, searched);
        }

        /** The node whose trusts were searched: the agent or the module/resource. */
        public TrustNode holder() {
            return searched.get(0);
        }

        /** True when the trust comes from an ancestor rather than being set on the holder itself. */
        public boolean inherited() {
            return trusted && !heldBy.equals(holder());
        }

        /** The configured trust that decided this direction. */
        public Optional<TrustEntry> entry() {
            return trusted ? Optional.of(new TrustEntry(heldBy, names)) : Optional.empty();
        }
    }

    /** A sentence for logs and task errors, with the snapshot's display names. */
    public String explain(TrustSnapshot names) {
        return new TrustWording(names::name).explain(this);
    }

    /** As {@link #explain(TrustSnapshot)}, showing nodes by id. */
    public String explain() {
        return new TrustWording(TrustNode::id).explain(this);
    }

    /** The reason a job's module or task fails; only for a refusal. */
    public String breachMessage(TrustSnapshot names) {
        if (allowed) {
            throw new IllegalStateException("no breach: " + agent + " and " + object + " trust each other");
        }
        return explain(names);
    }
}
