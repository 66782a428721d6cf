package dev.steward.server.identity;

/** What a service method may require of its caller. Checked first thing, default deny. */
public enum Permission {
    MANAGE_TENANTS,
    MANAGE_ENROLLMENT,
    MANAGE_AGENTS,
    MANAGE_MODULES,
    RUN_JOBS,
    /** Add and remove trusts (while Trusts Security is configure-only or enabled; when disabled, full access only). */
    CONFIGURE_TRUSTS,
    /** Issue admin tokens and change tenant-wide settings such as Trusts Security. */
    MANAGE_TOKENS,
    VIEW
}
