package dev.steward.server.tenancy;

import java.time.Instant;

/** A customer of the service provider (or the provider itself); every object belongs to exactly one. */
public record Tenant(String id, String name, boolean provider, Instant createdAt) {
}
