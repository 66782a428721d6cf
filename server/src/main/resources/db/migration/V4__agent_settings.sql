-- Server-held agent settings (mode, poll interval, output limit) as small JSON objects: per-agent overrides,
-- and tenant-wide defaults under them. Only keys set here override what the agent was started with.
ALTER TABLE agents ADD COLUMN settings VARCHAR(2048);
CREATE TABLE agent_defaults (
    tenant_id VARCHAR(36)   PRIMARY KEY REFERENCES tenants (id),
    settings  VARCHAR(2048) NOT NULL
);
