package dev.steward.server.tenancy;

import dev.steward.server.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class TenantStore {
    private final Jdbi jdbi;

    public TenantStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void insert(Tenant tenant) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO tenants (id, name, is_provider, created_at) VALUES (:id, :name, :provider, :created)""")
                .bind("id", tenant.id()).bind("name", tenant.name()).bind("provider", tenant.provider())
                .bind("created", tenant.createdAt()).execute());
    }

    public Optional<Tenant> findProvider() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM tenants WHERE is_provider = TRUE")
                .map((rs, ctx) -> map(rs)).findFirst());
    }

    public Optional<Tenant> findByName(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM tenants WHERE name = :name")
                .bind("name", name).map((rs, ctx) -> map(rs)).findOne());
    }

    public Optional<Tenant> findById(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM tenants WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> map(rs)).findOne());
    }

    public List<Tenant> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM tenants ORDER BY name")
                .map((rs, ctx) -> map(rs)).list());
    }

    private static Tenant map(ResultSet rs) throws SQLException {
        return new Tenant(rs.getString("id"), rs.getString("name"), rs.getBoolean("is_provider"),
                Rows.instant(rs, "created_at"));
    }

    /** The tenant's Trusts Security setting: disabled, configure-only or enabled. */
    public String trustsSecurity(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT trusts_security FROM tenants WHERE id = :id")
                .bind("id", tenantId).mapTo(String.class).findOne().orElse("disabled"));
    }

    public void setTrustsSecurity(String tenantId, String value) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE tenants SET trusts_security = :value WHERE id = :id")
                    .bind("value", value).bind("id", tenantId).execute();
            TrustVersion.bump(h, tenantId);
        });
    }

    /** Trusts Security and the trust version together (a missing tenant reads as disabled, version 0). */
    public TrustState trustState(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT trusts_security, trust_version FROM tenants WHERE id = :id")
                .bind("id", tenantId).map((rs, ctx) -> new TrustState(rs.getString("trusts_security"), rs.getLong("trust_version")))
                .findOne().orElse(new TrustState("disabled", 0)));
    }
}
