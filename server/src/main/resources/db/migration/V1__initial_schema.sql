-- Portable SQL for H2 and PostgreSQL. ${text} is CLOB on H2 and TEXT on PostgreSQL.

CREATE TABLE tenants (
    id          VARCHAR(36)  PRIMARY KEY,
    name        VARCHAR(128) NOT NULL UNIQUE,
    is_provider BOOLEAN      NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE admin_tokens (
    id         VARCHAR(36)  PRIMARY KEY,
    tenant_id  VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    name       VARCHAR(128) NOT NULL,
    token_hash VARCHAR(64)  NOT NULL UNIQUE,
    role       VARCHAR(32)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE
);

CREATE TABLE enroll_tokens (
    id           VARCHAR(36) PRIMARY KEY,
    tenant_id    VARCHAR(36) NOT NULL REFERENCES tenants (id),
    token_hash   VARCHAR(64) NOT NULL UNIQUE,
    created_by   VARCHAR(36) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    enroll_count INTEGER     NOT NULL
);

CREATE TABLE agents (
    id                    VARCHAR(36)  PRIMARY KEY,
    tenant_id             VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    name                  VARCHAR(128) NOT NULL,
    cert_fingerprint      VARCHAR(71)  NOT NULL UNIQUE,
    cert_not_after        TIMESTAMP WITH TIME ZONE NOT NULL,
    enrolled_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen             TIMESTAMP WITH TIME ZONE,
    revoked_at            TIMESTAMP WITH TIME ZONE,
    mode                  VARCHAR(16)  NOT NULL,
    poll_interval_seconds BIGINT       NOT NULL,
    hostname              VARCHAR(255),
    os                    VARCHAR(255),
    agent_version         VARCHAR(64)
);
CREATE INDEX agents_by_tenant_name ON agents (tenant_id, name);

CREATE TABLE modules (
    id          VARCHAR(36)   PRIMARY KEY,
    tenant_id   VARCHAR(36)   NOT NULL REFERENCES tenants (id),
    name        VARCHAR(128)  NOT NULL,
    version     INTEGER       NOT NULL,
    description VARCHAR(1024),
    definition  ${text}       NOT NULL,
    created_by  VARCHAR(36)   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (tenant_id, name, version)
);

CREATE TABLE jobs (
    id         VARCHAR(36) PRIMARY KEY,
    tenant_id  VARCHAR(36) NOT NULL REFERENCES tenants (id),
    module_id  VARCHAR(36) NOT NULL REFERENCES modules (id),
    created_by VARCHAR(36) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX jobs_by_tenant ON jobs (tenant_id, created_at);

CREATE TABLE runs (
    id           VARCHAR(36) PRIMARY KEY,
    job_id       VARCHAR(36) NOT NULL REFERENCES jobs (id),
    tenant_id    VARCHAR(36) NOT NULL REFERENCES tenants (id),
    agent_id     VARCHAR(36) NOT NULL REFERENCES agents (id),
    status       VARCHAR(16) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at TIMESTAMP WITH TIME ZONE,
    started_at   TIMESTAMP WITH TIME ZONE,
    finished_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX runs_by_agent_status ON runs (agent_id, status);
CREATE INDEX runs_by_job ON runs (job_id);

CREATE TABLE task_results (
    run_id      VARCHAR(36)  NOT NULL REFERENCES runs (id),
    seq         INTEGER      NOT NULL,
    name        VARCHAR(128) NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    exit_code   INTEGER,
    stdout      ${text},
    stderr      ${text},
    started_at  TIMESTAMP WITH TIME ZONE,
    finished_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (run_id, seq)
);
