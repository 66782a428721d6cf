package dev.steward.server.trust;

import java.util.Objects;

/**
 * One node of a trust tree. The id is the folder, team, agent or resource id; a module is named by its
 * NAME, because trusts hold for every version of a module.
 */
public record TrustNode(TrustNodeKind kind, String id) {
    public TrustNode {
        Objects.requireNonNull(kind, "kind");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a " + kind.label() + " needs an id");
        }
    }

    public static TrustNode teamFolder(String id) {
        return new TrustNode(TrustNodeKind.TEAM_FOLDER, id);
    }

    public static TrustNode team(String id) {
        return new TrustNode(TrustNodeKind.TEAM, id);
    }

    public static TrustNode agent(String id) {
        return new TrustNode(TrustNodeKind.AGENT, id);
    }

    public static TrustNode moduleFolder(String id) {
        return new TrustNode(TrustNodeKind.MODULE_FOLDER, id);
    }

    public static TrustNode module(String name) {
        return new TrustNode(TrustNodeKind.MODULE, name);
    }

    public static TrustNode resourceFolder(String id) {
        return new TrustNode(TrustNodeKind.RESOURCE_FOLDER, id);
    }

    public static TrustNode resource(String id) {
        return new TrustNode(TrustNodeKind.RESOURCE, id);
    }

    @Override
    public String toString() {
        return kind.label() + " " + id;
    }
}
