package dev.steward.server.trust;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one evaluation needs about one tenant, read once: where each node sits in its tree and which
 * trusts are configured. Immutable, so one snapshot can answer every check of a job without a database.
 *
 * <p>Every node has at most one parent: a folder its parent folder, a team its team folder, an agent its
 * primary team, a module or resource its folder. No parent means the root, which holds no trusts. A node
 * that was never declared (or a parent that was not) is simply at the root: a trust on a deleted object
 * then matches nothing instead of failing every evaluation.
 */
public final class TrustSnapshot {
    /** Where every node but the agents sits, and their names; shared by {@link #withAgents} copies. */
    private final Map<TrustNode, TrustNode> parents;
    private final Map<TrustNode, List<TrustNode>> targetsByHolder;
    private final Set<TrustEntry> entries;
    private final Map<TrustNode, String> names;
    /** Agents apart: they are what changes from one admission to the next (see {@link #withAgents}). */
    private final Map<TrustNode, TrustNode> agentParents;
    private final Map<TrustNode, String> agentNames;
    private final Set<String> agentsNamedByTrusts;

    private TrustSnapshot(Builder builder) {
        Map<TrustNode, TrustNode> trees = new HashMap<>();
        Map<TrustNode, TrustNode> agents = new HashMap<>();
        builder.parents.forEach((node, parent) -> (node.kind() == TrustNodeKind.AGENT ? agents : trees).put(node, parent));
        this.parents = Map.copyOf(trees);
        this.agentParents = Map.copyOf(agents);
        Map<TrustNode, List<TrustNode>> byHolder = new HashMap<>();
        Set<String> named = new HashSet<>();
        for (TrustEntry entry : builder.entries) {
            byHolder.computeIfAbsent(entry.holder(), h -> new ArrayList<>()).add(entry.target());
            for (TrustNode node : List.of(entry.holder(), entry.target())) {
                if (node.kind() == TrustNodeKind.AGENT) {
                    named.add(node.id());
                }
            }
        }
        byHolder.replaceAll((holder, targets) -> List.copyOf(targets));
        this.targetsByHolder = Map.copyOf(byHolder);
        this.entries = Set.copyOf(builder.entries);
        this.agentsNamedByTrusts = Set.copyOf(named);
        Map<TrustNode, String> treeNames = new HashMap<>();
        Map<TrustNode, String> names = new HashMap<>();
        builder.names.forEach((node, name) -> (node.kind() == TrustNodeKind.AGENT ? names : treeNames).put(node, name));
        this.names = Map.copyOf(treeNames);
        this.agentNames = Map.copyOf(names);
    }

    private TrustSnapshot(TrustSnapshot base, Map<TrustNode, TrustNode> agentParents, Map<TrustNode, String> agentNames) {
        this.parents = base.parents;
        this.targetsByHolder = base.targetsByHolder;
        this.entries = base.entries;
        this.names = base.names;
        this.agentsNamedByTrusts = base.agentsNamedByTrusts;
        this.agentParents = Map.copyOf(agentParents);
        this.agentNames = Map.copyOf(agentNames);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where an agent sits, as the gate reads it for each admission: its primary team (null: none) and name. */
    public record AgentPlacement(String primaryTeamId, String name) {
        public AgentPlacement {
            if (primaryTeamId != null && primaryTeamId.isBlank()) {
                throw new IllegalArgumentException("a primary team id must not be blank; use null for none");
            }
            if (name != null && name.isBlank()) {
                throw new IllegalArgumentException("an agent's display name must not be blank; use null for none");
            }
        }
    }

    /**
     * This snapshot with these agents placed (each replacing what the snapshot knew of it): the trees, trusts
     * and names are shared, not copied, so a cached snapshot of a large tenant costs only the agents of one
     * admission. An agent is a leaf of the team tree, so placing one can never make a cycle.
     */
    public TrustSnapshot withAgents(Map<String, AgentPlacement> placements) {
        Map<TrustNode, TrustNode> parentsNow = new HashMap<>(agentParents);
        Map<TrustNode, String> namesNow = new HashMap<>(agentNames);
        placements.forEach((id, placement) -> {
            TrustNode agent = TrustNode.agent(id);
            if (placement.primaryTeamId() == null) {
                parentsNow.remove(agent);
            } else {
                parentsNow.put(agent, TrustNode.team(placement.primaryTeamId()));
            }
            if (placement.name() == null) {
                namesNow.remove(agent);
            } else {
                namesNow.put(agent, placement.name());
            }
        });
        return new TrustSnapshot(this, parentsNow, namesNow);
    }

    /**
     * Whether some trust holds or names this agent itself. An agent no trust names is decided only by what
     * sits above it (its primary team and that team's folders), so agents that also share those get the same
     * decision: see {@link AgentClasses}.
     */
    public boolean namedByTrusts(String agentId) {
        return agentsNamedByTrusts.contains(agentId);
    }

    /**
     * The node, then its parent, then that one's parent, up to (not including) the root: where the node's
     * trusts come from, nearest first. For an agent: the agent, its primary team, the team's folder and the
     * folders above it. The same list, read as targets, is everything that covers the node.
     */
    public List<TrustNode> chain(TrustNode node) {
        Objects.requireNonNull(node, "node");
        List<TrustNode> chain = new ArrayList<>(4);
        for (TrustNode at = node; at != null; at = parent(at)) {
            chain.add(at);
        }
        return List.copyOf(chain);
    }

    /** The nodes this holder names explicitly (not inherited), in the order they were added. */
    public List<TrustNode> targetsHeldBy(TrustNode holder) {
        return targetsByHolder.getOrDefault(holder, List.of());
    }

    public Set<TrustEntry> entries() {
        return entries;
    }

    /** About how many nodes, names and trusts it holds (at least 1): what it weighs in a cache. */
    public int weight() {
        return 1 + parents.size() + names.size() + entries.size() + agentParents.size() + agentNames.size();
    }

    /** The display name given for the node (a folder path, an agent name), or its id. */
    public String name(TrustNode node) {
        return (node.kind() == TrustNodeKind.AGENT ? agentNames : names).getOrDefault(node, node.id());
    }

    private TrustNode parent(TrustNode node) {
        return (node.kind() == TrustNodeKind.AGENT ? agentParents : parents).get(node);
    }

    /** For messages: {@code team folder /Customers/Acme}, {@code agent web-1}. */
    public String display(TrustNode node) {
        return node.kind().label() + " " + name(node);
    }

    /** Collects the trees, trusts and names; {@link #build()} checks that no tree has a cycle. */
    public static final class Builder {
        private final Map<TrustNode, TrustNode> parents = new HashMap<>();
        private final Set<TrustNode> roots = new HashSet<>();
        private final Set<TrustEntry> entries = new LinkedHashSet<>();
        private final Map<TrustNode, String> names = new LinkedHashMap<>();

        private Builder() {
        }

        /** A team folder inside {@code parentId}, or at the root when it is null. */
        public Builder teamFolder(String id, String parentId) {
            return place(TrustNode.teamFolder(id), parentId);
        }

        /** A team in team folder {@code folderId}, or at the root when it is null. */
        public Builder team(String id, String folderId) {
            return place(TrustNode.team(id), folderId);
        }

        /** An agent whose primary team is {@code primaryTeamId}; with none it holds only its own trusts. */
        public Builder agent(String id, String primaryTeamId) {
            return place(TrustNode.agent(id), primaryTeamId);
        }

        public Builder moduleFolder(String id, String parentId) {
            return place(TrustNode.moduleFolder(id), parentId);
        }

        /** A module, by name, in module folder {@code folderId} or at the root. */
        public Builder module(String name, String folderId) {
            return place(TrustNode.module(name), folderId);
        }

        public Builder resourceFolder(String id, String parentId) {
            return place(TrustNode.resourceFolder(id), parentId);
        }

        public Builder resource(String id, String folderId) {
            return place(TrustNode.resource(id), folderId);
        }

        public Builder trust(TrustNode holder, TrustNode target) {
            return trust(new TrustEntry(holder, target));
        }

        public Builder trust(TrustEntry entry) {
            entries.add(Objects.requireNonNull(entry, "entry"));
            return this;
        }

        /** How messages show the node, e.g. a folder's path; without one they show its id. */
        public Builder name(TrustNode node, String display) {
            Objects.requireNonNull(node, "node");
            if (display == null || display.isBlank()) {
                throw new IllegalArgumentException("a display name for " + node + " must not be blank");
            }
            names.put(node, display);
            return this;
        }

        public TrustSnapshot build() {
            rejectCycles();
            return new TrustSnapshot(this);
        }

        private Builder place(TrustNode node, String parentId) {
            TrustNode parent = parentId == null ? null : new TrustNode(node.kind().parentKind(), parentId);
            TrustNode before = parents.get(node);
            boolean known = before != null || roots.contains(node);
            if (known && !Objects.equals(before, parent)) {
                throw new IllegalArgumentException(node + " is declared twice, in " + where(before) + " and in " + where(parent));
            }
            if (parent == null) {
                roots.add(node);
            } else {
                parents.put(node, parent);
            }
            return this;
        }

        private static String where(TrustNode parent) {
            return parent == null ? "the root" : parent.toString();
        }

        /** Each node is walked once: a walk stops at a node already known to reach the root. */
        private void rejectCycles() {
            Set<TrustNode> reachesRoot = new HashSet<>();
            for (TrustNode start : parents.keySet()) {
                List<TrustNode> path = new ArrayList<>();
                Set<TrustNode> onPath = new HashSet<>();
                for (TrustNode at = start; at != null && !reachesRoot.contains(at); at = parents.get(at)) {
                    if (!onPath.add(at)) {
                        String family = at.kind().family().name().toLowerCase(Locale.ROOT);
                        throw new IllegalArgumentException("cycle in the " + family + " tree: "
                                + describe(path.subList(path.indexOf(at), path.size()), at));
                    }
                    path.add(at);
                }
                reachesRoot.addAll(path);
            }
        }

        private static String describe(List<TrustNode> cycle, TrustNode back) {
            StringBuilder out = new StringBuilder();
            for (TrustNode node : cycle) {
                out.append(node).append(" -> ");
            }
            return out.append(back).toString();
        }
    }
}
