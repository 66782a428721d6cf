package dev.steward.server.trust;

/**
 * The three trees trusts live in. A trust always joins the team family (who runs) with the module or
 * resource family (what is run or used), so a family also decides which side of a trust a node is on.
 */
public enum TrustFamily {
    TEAM,
    MODULE,
    RESOURCE
}
