package dev.steward.server.trust;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated tenant, as plain input: trees given by parent indexes (-1 = root) and a list of trusts. Both
 * the evaluator's snapshot and the brute-force reference are built from this, so they share only the input
 * records. Ids are {@code tf3}, {@code t1}, {@code a0}, {@code mf2}, {@code m4}, {@code rf0}, {@code r5}.
 */
record TrustWorld(
        List<Integer> teamFolderParents,
        List<Integer> teamFolders,
        List<Integer> agentTeams,
        List<Integer> moduleFolderParents,
        List<Integer> moduleFolders,
        List<Integer> resourceFolderParents,
        List<Integer> resourceFolders,
        List<TrustEntry> entries) {

    List<TrustNode> nodes(TrustNodeKind kind) {
        int count = switch (kind) {
            case TEAM_FOLDER -> teamFolderParents.size();
            case TEAM -> teamFolders.size();
            case AGENT -> agentTeams.size();
            case MODULE_FOLDER -> moduleFolderParents.size();
            case MODULE -> moduleFolders.size();
            case RESOURCE_FOLDER -> resourceFolderParents.size();
            case RESOURCE -> resourceFolders.size();
        };
        List<TrustNode> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            nodes.add(node(kind, i));
        }
        return nodes;
    }

    static TrustNode node(TrustNodeKind kind, int index) {
        String prefix = switch (kind) {
            case TEAM_FOLDER -> "tf";
            case TEAM -> "t";
            case AGENT -> "a";
            case MODULE_FOLDER -> "mf";
            case MODULE -> "m";
            case RESOURCE_FOLDER -> "rf";
            case RESOURCE -> "r";
        };
        return new TrustNode(kind, prefix + index);
    }

    List<TrustNode> allNodes() {
        List<TrustNode> all = new ArrayList<>();
        for (TrustNodeKind kind : TrustNodeKind.values()) {
            all.addAll(nodes(kind));
        }
        return all;
    }

    List<TrustNode> objects() {
        List<TrustNode> objects = new ArrayList<>(nodes(TrustNodeKind.MODULE));
        objects.addAll(nodes(TrustNodeKind.RESOURCE));
        return objects;
    }

    /** Child to parent, for every node that is not at the root. */
    Map<TrustNode, TrustNode> parents() {
        Map<TrustNode, TrustNode> parents = new HashMap<>();
        link(parents, TrustNodeKind.TEAM_FOLDER, teamFolderParents, TrustNodeKind.TEAM_FOLDER);
        link(parents, TrustNodeKind.TEAM, teamFolders, TrustNodeKind.TEAM_FOLDER);
        link(parents, TrustNodeKind.AGENT, agentTeams, TrustNodeKind.TEAM);
        link(parents, TrustNodeKind.MODULE_FOLDER, moduleFolderParents, TrustNodeKind.MODULE_FOLDER);
        link(parents, TrustNodeKind.MODULE, moduleFolders, TrustNodeKind.MODULE_FOLDER);
        link(parents, TrustNodeKind.RESOURCE_FOLDER, resourceFolderParents, TrustNodeKind.RESOURCE_FOLDER);
        link(parents, TrustNodeKind.RESOURCE, resourceFolders, TrustNodeKind.RESOURCE_FOLDER);
        return parents;
    }

    private static void link(Map<TrustNode, TrustNode> parents, TrustNodeKind kind, List<Integer> parentIndexes, TrustNodeKind parentKind) {
        for (int i = 0; i < parentIndexes.size(); i++) {
            if (parentIndexes.get(i) >= 0) {
                parents.put(node(kind, i), node(parentKind, parentIndexes.get(i)));
            }
        }
    }

    /** The snapshot the evaluator sees, with the trusts added in the given order. */
    TrustSnapshot snapshot(List<TrustEntry> entryOrder) {
        TrustSnapshot.Builder builder = builder(entryOrder, true);
        return builder.build();
    }

    /** Everything but the agents, as the trust cache holds a tenant: agents are placed per admission. */
    TrustSnapshot snapshotWithoutAgents() {
        return builderWithoutAgents().build();
    }

    TrustSnapshot.Builder builderWithoutAgents() {
        return builder(entries, false);
    }

    private TrustSnapshot.Builder builder(List<TrustEntry> entryOrder, boolean withAgents) {
        TrustSnapshot.Builder builder = TrustSnapshot.builder();
        Map<TrustNode, TrustNode> parents = parents();
        for (TrustNode node : allNodes()) {
            TrustNode parent = parents.get(node);
            String parentId = parent == null ? null : parent.id();
            switch (node.kind()) {
                case TEAM_FOLDER -> builder.teamFolder(node.id(), parentId);
                case TEAM -> builder.team(node.id(), parentId);
                case AGENT -> {
                    if (withAgents) {
                        builder.agent(node.id(), parentId);
                    }
                }
                case MODULE_FOLDER -> builder.moduleFolder(node.id(), parentId);
                case MODULE -> builder.module(node.id(), parentId);
                case RESOURCE_FOLDER -> builder.resourceFolder(node.id(), parentId);
                case RESOURCE -> builder.resource(node.id(), parentId);
            }
        }
        entryOrder.forEach(builder::trust);
        return builder;
    }
}
