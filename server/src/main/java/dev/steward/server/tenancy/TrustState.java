package dev.steward.server.tenancy;

/**
 * What the trust gate reads about a tenant on every admission, in one indexed query: the Trusts Security
 * setting as stored and the tenant's {@link TrustVersion}.
 */
public record TrustState(String trustsSecurity, long version) {
}
