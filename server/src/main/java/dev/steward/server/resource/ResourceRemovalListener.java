package dev.steward.server.resource;

/** Told when a resource is deleted, so trusts held by or naming it go with it. */
@FunctionalInterface
public interface ResourceRemovalListener {
    void resourceRemoved(String tenantId, String resourceId);
}
