package dev.steward.server.trust;

import java.util.Locale;

/** What a node in a trust tree is: a folder, a grouping or a leaf, in one of the three families. */
public enum TrustNodeKind {
    TEAM_FOLDER(TrustFamily.TEAM, "team folder"),
    TEAM(TrustFamily.TEAM, "team"),
    AGENT(TrustFamily.TEAM, "agent"),
    MODULE_FOLDER(TrustFamily.MODULE, "module folder"),
    MODULE(TrustFamily.MODULE, "module"),
    RESOURCE_FOLDER(TrustFamily.RESOURCE, "resource folder"),
    RESOURCE(TrustFamily.RESOURCE, "resource");

    private final TrustFamily family;
    private final String label;

    TrustNodeKind(TrustFamily family, String label) {
        this.family = family;
        this.label = label;
    }

    public TrustFamily family() {
        return family;
    }

    /** Team folders, teams and agents: the side that runs jobs and names the modules and resources it trusts. */
    public boolean agentSide() {
        return family == TrustFamily.TEAM;
    }

    /**
     * The kind a node of this kind inherits from. An agent inherits from its primary team, a team from its
     * team folder, any other node from the folder of its own family; folders nest.
     */
    public TrustNodeKind parentKind() {
        return switch (this) {
            case TEAM_FOLDER, TEAM -> TEAM_FOLDER;
            case AGENT -> TEAM;
            case MODULE_FOLDER, MODULE -> MODULE_FOLDER;
            case RESOURCE_FOLDER, RESOURCE -> RESOURCE_FOLDER;
        };
    }

    /** Modules and resources are what an evaluation asks about; agents are who asks. */
    public boolean evaluable() {
        return this == MODULE || this == RESOURCE;
    }

    /** Lowercase with underscores, e.g. {@code team_folder}: the name in JSON and on the command line. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TrustNodeKind fromWire(String wire) {
        for (TrustNodeKind kind : values()) {
            if (kind.wireName().equals(wire)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown trust node kind: " + wire);
    }

    /** For people: {@code team folder}. */
    public String label() {
        return label;
    }
}
