package dev.steward.server.trust;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately naive model of trusts, written straight from the rules and sharing no code with the
 * evaluator: every node's effective trusts are its own plus, recursively, its parent's; every target is
 * expanded into the leaves (agents, modules, resources) it covers by scanning all nodes; a direction holds
 * when some effective trust's expansion contains the other side. Slow on purpose, and obviously right.
 */
final class TrustReference {
    private static final Set<TrustNodeKind> LEAVES = Set.of(TrustNodeKind.AGENT, TrustNodeKind.MODULE, TrustNodeKind.RESOURCE);

    private final Map<TrustNode, TrustNode> parents;
    private final Collection<TrustEntry> entries;
    private final Collection<TrustNode> nodes;

    TrustReference(Map<TrustNode, TrustNode> parents, Collection<TrustEntry> entries, Collection<TrustNode> nodes) {
        this.parents = parents;
        this.entries = entries;
        this.nodes = nodes;
    }

    /** Trusts set on this very node. */
    Set<TrustEntry> explicit(TrustNode node) {
        Set<TrustEntry> own = new HashSet<>();
        for (TrustEntry entry : entries) {
            if (entry.holder().equals(node)) {
                own.add(entry);
            }
        }
        return own;
    }

    /** Explicit trusts united with everything inherited from the parent, recursively. */
    Set<TrustEntry> effective(TrustNode node) {
        Set<TrustEntry> all = explicit(node);
        TrustNode parent = parents.get(node);
        if (parent != null) {
            all.addAll(effective(parent));
        }
        return all;
    }

    /** Every agent, module or resource the target stands for: itself if a leaf, or anything inside it. */
    Set<TrustNode> leavesCoveredBy(TrustNode target) {
        Set<TrustNode> covered = new HashSet<>();
        for (TrustNode node : nodes) {
            if (LEAVES.contains(node.kind()) && steps(node, target) >= 0) {
                covered.add(node);
            }
        }
        return covered;
    }

    /** How many parent steps lead from {@code node} up to {@code ancestor}; -1 if they never do. */
    int steps(TrustNode node, TrustNode ancestor) {
        if (node.equals(ancestor)) {
            return 0;
        }
        TrustNode parent = parents.get(node);
        if (parent == null) {
            return -1;
        }
        int above = steps(parent, ancestor);
        return above < 0 ? -1 : above + 1;
    }

    /** Does the holder (an agent, module or resource), with all it inherits, trust the other leaf? */
    boolean trusts(TrustNode holder, TrustNode other) {
        for (TrustEntry entry : effective(holder)) {
            if (leavesCoveredBy(entry.target()).contains(other)) {
                return true;
            }
        }
        return false;
    }

    /** The node and its ancestors, nearest first. */
    List<TrustNode> lineage(TrustNode node) {
        List<TrustNode> lineage = new ArrayList<>();
        lineage.add(node);
        TrustNode parent = parents.get(node);
        if (parent != null) {
            lineage.addAll(lineage(parent));
        }
        return lineage;
    }

    /** The lowest level in the holder's lineage whose own trusts cover the other leaf; -1 if none. */
    int nearestHoldingLevel(TrustNode holder, TrustNode other) {
        List<TrustNode> lineage = lineage(holder);
        for (int level = 0; level < lineage.size(); level++) {
            for (TrustEntry entry : explicit(lineage.get(level))) {
                if (leavesCoveredBy(entry.target()).contains(other)) {
                    return level;
                }
            }
        }
        return -1;
    }

    /** Among the trusts set on {@code heldBy}, the fewest steps from the other leaf up to a covering target. */
    int mostSpecificSteps(TrustNode heldBy, TrustNode other) {
        int best = -1;
        for (TrustEntry entry : explicit(heldBy)) {
            int steps = steps(other, entry.target());
            if (steps >= 0 && (best < 0 || steps < best)) {
                best = steps;
            }
        }
        return best;
    }
}
