package dev.steward.server.identity;

/** What a service method may require of its caller. Checked first thing, default deny. */
public enum Permission {
    MANAGE_TENANTS,
    MANAGE_ENROLLMENT,
    MANAGE_AGENTS,
    MANAGE_MODULES,
    RUN_JOBS,
    VIEW
}
