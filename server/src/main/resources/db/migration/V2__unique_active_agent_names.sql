-- At most one enrolled (non-revoked) agent per name and tenant, guaranteed by the datastore rather than
-- by a check-then-insert race. active_name is the name while the agent is enrolled and NULL once it is
-- revoked; NULLs never collide in a UNIQUE constraint, on H2 and PostgreSQL alike.
ALTER TABLE agents ADD COLUMN active_name VARCHAR(128);
UPDATE agents SET active_name = name WHERE revoked_at IS NULL;
ALTER TABLE agents ADD CONSTRAINT agents_unique_active_name UNIQUE (tenant_id, active_name);
