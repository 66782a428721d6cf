package dev.steward.server.team;

/** Told when a team is deleted, so trusts held by or naming it go with it. */
@FunctionalInterface
public interface TeamRemovalListener {
    void teamRemoved(String tenantId, String teamId);
}
