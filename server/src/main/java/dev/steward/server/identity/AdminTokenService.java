package dev.steward.server.identity;

import dev.steward.server.http.ApiException;
import java.time.Clock;

/** Issues and checks admin API tokens. The plaintext token exists only in the caller's hands. */
public final class AdminTokenService {
    public static final String TOKEN_PREFIX = "stw_admin_";
    private static final int MAX_TOKEN_LENGTH = 256;

    private final AdminTokenStore store;
    private final Clock clock;

    public AdminTokenService(AdminTokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Creates a token and returns its plaintext, which is not stored anywhere. */
    public String issue(String tenantId, String name, Role role) {
        String token = Secrets.newToken(TOKEN_PREFIX);
        store.insert(tenantId, name, Secrets.hash(token), role, clock.instant());
        return token;
    }

    public record IssuedToken(String id, String name, String role, String token) {
    }

    /** An admin with full access issues a token for its own tenant; the plaintext is shown once. */
    public IssuedToken create(Principal caller, String name, String role) {
        caller.require(Permission.MANAGE_TOKENS);
        String checked = dev.steward.server.http.Names.require("name", name);
        Role granted = Role.grantable(role);
        String token = Secrets.newToken(TOKEN_PREFIX);
        String id = store.insert(caller.tenantId(), checked, Secrets.hash(token), granted, clock.instant());
        return new IssuedToken(id, checked, granted.wireName(), token);
    }

    public java.util.List<AdminTokenStore.TokenRow> list(Principal caller) {
        caller.require(Permission.MANAGE_TOKENS);
        return store.list(caller.tenantId());
    }

    /** Revokes a token of the caller's tenant by id; at once, for every request and every schedule it created. */
    public AdminTokenStore.TokenRow revoke(Principal caller, String id) {
        caller.require(Permission.MANAGE_TOKENS);
        if (caller.tokenId().equals(id)) {
            throw ApiException.badRequest("id", "this is the token you are using; revoke it with another admin token");
        }
        if (!store.revoke(caller.tenantId(), id, clock.instant())) {
            throw ApiException.notFound("no active admin token with id '" + id + "' in this tenant; see 'steward tokens list'");
        }
        return store.list(caller.tenantId()).stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    /** False once the token is revoked: what a schedule created with it checks before it runs. */
    public boolean isActive(String tokenId) {
        return store.isActive(tokenId);
    }

    /** The principal behind a request's bearer token; 401 when it has none or a bad one. */
    public Principal principal(io.javalin.http.Context ctx) {
        return authenticate(ctx.header("Authorization"));
    }

    public Principal authenticate(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw ApiException.unauthorized("missing admin token: send 'Authorization: Bearer <token>' "
                    + "(the CLI reads --token or STEWARD_TOKEN)");
        }
        String[] parts = authorizationHeader.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer") || parts[1].length() > MAX_TOKEN_LENGTH) {
            throw ApiException.unauthorized("the Authorization header must be 'Bearer <token>'");
        }
        return store.findActive(Secrets.hash(parts[1]))
                .orElseThrow(() -> ApiException.unauthorized("the admin token is not valid (unknown or revoked)"));
    }
}
