-- The latest inventory of each agent, plus an outstanding on-demand request (offered until answered).
CREATE TABLE inventory (
    agent_id     VARCHAR(36) PRIMARY KEY REFERENCES agents (id),
    tenant_id    VARCHAR(36) NOT NULL REFERENCES tenants (id),
    request_id   VARCHAR(36),
    requested_at TIMESTAMP WITH TIME ZONE,
    collected_at TIMESTAMP WITH TIME ZONE,
    received_at  TIMESTAMP WITH TIME ZONE,
    data         ${text}
);
CREATE INDEX inventory_by_tenant ON inventory (tenant_id);
