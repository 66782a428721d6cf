package dev.steward.server.catalog;

/** The two kinds of composed definitions, each with its own table and noun. */
public enum CompositeKind {
    PROJECT("projects", "project"), RUNBOOK("runbooks", "run book");

    final String table;
    final String noun;

    CompositeKind(String table, String noun) {
        this.table = table;
        this.noun = noun;
    }

    public String noun() {
        return noun;
    }
}
