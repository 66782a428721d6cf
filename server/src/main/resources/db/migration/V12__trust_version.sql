-- A per-tenant counter of everything trust decisions are read from (folder trees, teams and their folders,
-- module and resource placements, trusts, Trusts Security). Every write that changes one of them bumps it
-- in the same transaction, so any server node sharing this datastore can tell with one indexed read whether
-- the trust snapshot it cached for the tenant is still the current one.
ALTER TABLE tenants ADD COLUMN trust_version BIGINT DEFAULT 0 NOT NULL;
