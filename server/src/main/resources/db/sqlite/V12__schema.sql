-- The whole schema of db/migration V1..V12 for SQLite, in one file: SQLite cannot ALTER or constrain
-- existing columns, so its datastores start here, at version 12. Later migrations go into both folders.
-- Column and index reasons are in the db/migration files; what differs here: timestamps are epoch
-- milliseconds (SQLite has no time type; the driver stores and reads them), ${text} is TEXT, text keys are
-- NOT NULL (SQLite would otherwise accept NULL in a non-integer primary key), and agents.primary_team_id
-- has an index (H2 makes one for each foreign key by itself).

CREATE TABLE tenants (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    name            VARCHAR(128) NOT NULL UNIQUE,
    is_provider     BOOLEAN      NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    trusts_security VARCHAR(16)  DEFAULT 'disabled' NOT NULL,
    trust_version   BIGINT       DEFAULT 0 NOT NULL
);

CREATE TABLE admin_tokens (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    name       VARCHAR(128) NOT NULL,
    token_hash VARCHAR(64)  NOT NULL UNIQUE,
    role       VARCHAR(32)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE
);

CREATE TABLE enroll_tokens (
    id           VARCHAR(36) NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(36) NOT NULL REFERENCES tenants (id),
    token_hash   VARCHAR(64) NOT NULL UNIQUE,
    created_by   VARCHAR(36) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    enroll_count INTEGER     NOT NULL
);

CREATE TABLE folders (
    id         VARCHAR(36)   NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(36)   NOT NULL REFERENCES tenants (id),
    kind       VARCHAR(16)   NOT NULL,
    parent_id  VARCHAR(36)   REFERENCES folders (id),
    name       VARCHAR(128)  NOT NULL,
    path       VARCHAR(2048) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (tenant_id, kind, path)
);
CREATE INDEX folders_by_parent ON folders (parent_id);

CREATE TABLE teams (
    id         VARCHAR(36)   NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(36)   NOT NULL REFERENCES tenants (id),
    folder_id  VARCHAR(36)   REFERENCES folders (id),
    name       VARCHAR(128)  NOT NULL,
    rules      VARCHAR(4096) NOT NULL,
    settings   VARCHAR(2048) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE agents (
    id                    VARCHAR(36)  NOT NULL PRIMARY KEY,
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
    agent_version         VARCHAR(64),
    active_name           VARCHAR(128),
    settings              VARCHAR(2048),
    primary_team_id       VARCHAR(36)  REFERENCES teams (id),
    labels                VARCHAR(4096),
    CONSTRAINT agents_unique_active_name UNIQUE (tenant_id, active_name)
);
CREATE INDEX agents_by_tenant_name ON agents (tenant_id, name);
CREATE INDEX agents_by_revoked_at ON agents (revoked_at);
-- H2 indexes every foreign key by itself, SQLite does not: deleting a team checks agents through this.
CREATE INDEX agents_by_primary_team ON agents (primary_team_id);

CREATE TABLE agent_defaults (
    tenant_id VARCHAR(36)   NOT NULL PRIMARY KEY REFERENCES tenants (id),
    settings  VARCHAR(2048) NOT NULL
);

CREATE TABLE team_members (
    team_id  VARCHAR(36) NOT NULL REFERENCES teams (id),
    agent_id VARCHAR(36) NOT NULL REFERENCES agents (id),
    PRIMARY KEY (team_id, agent_id)
);
CREATE INDEX team_members_by_agent ON team_members (agent_id);

CREATE TABLE modules (
    id          VARCHAR(36)   NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(36)   NOT NULL REFERENCES tenants (id),
    name        VARCHAR(128)  NOT NULL,
    version     INTEGER       NOT NULL,
    description VARCHAR(1024),
    definition  ${text}       NOT NULL,
    created_by  VARCHAR(36)   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    folder_id   VARCHAR(36)   REFERENCES folders (id),
    UNIQUE (tenant_id, name, version)
);

CREATE TABLE jobs (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    module_id  VARCHAR(36)  REFERENCES modules (id),
    created_by VARCHAR(36)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    kind       VARCHAR(16)  DEFAULT 'module' NOT NULL,
    name       VARCHAR(128)
);
CREATE INDEX jobs_by_tenant ON jobs (tenant_id, created_at);

CREATE TABLE runs (
    id              VARCHAR(36) NOT NULL PRIMARY KEY,
    job_id          VARCHAR(36) NOT NULL REFERENCES jobs (id),
    tenant_id       VARCHAR(36) NOT NULL REFERENCES tenants (id),
    agent_id        VARCHAR(36) NOT NULL REFERENCES agents (id),
    status          VARCHAR(16) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at    TIMESTAMP WITH TIME ZONE,
    started_at      TIMESTAMP WITH TIME ZONE,
    finished_at     TIMESTAMP WITH TIME ZONE,
    error           VARCHAR(1024),
    offered_at      TIMESTAMP WITH TIME ZONE,
    module_id       VARCHAR(36) NOT NULL REFERENCES modules (id),
    step            INTEGER     DEFAULT 0 NOT NULL,
    position        INTEGER     DEFAULT 0 NOT NULL,
    step_continue   BOOLEAN     DEFAULT FALSE NOT NULL,
    module_continue BOOLEAN     DEFAULT FALSE NOT NULL,
    resources       ${text}
);
CREATE INDEX runs_by_agent_status ON runs (agent_id, status);
CREATE INDEX runs_by_job ON runs (job_id);
CREATE INDEX runs_waiting_by_job ON runs (job_id, status);
CREATE INDEX runs_by_job_agent ON runs (job_id, agent_id);
CREATE INDEX runs_by_job_step ON runs (job_id, step, status);
CREATE INDEX runs_by_finished_at ON runs (finished_at);

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

CREATE TABLE inventory (
    agent_id     VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES agents (id),
    tenant_id    VARCHAR(36) NOT NULL REFERENCES tenants (id),
    request_id   VARCHAR(36),
    requested_at TIMESTAMP WITH TIME ZONE,
    collected_at TIMESTAMP WITH TIME ZONE,
    received_at  TIMESTAMP WITH TIME ZONE,
    data         ${text}
);
CREATE INDEX inventory_by_tenant ON inventory (tenant_id);

CREATE TABLE resources (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    folder_id  VARCHAR(36)  REFERENCES folders (id),
    name       VARCHAR(128) NOT NULL,
    sha256     VARCHAR(64)  NOT NULL,
    size_bytes BIGINT       NOT NULL,
    created_by VARCHAR(36)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (tenant_id, name)
);
CREATE INDEX resources_by_hash ON resources (tenant_id, sha256);

CREATE TABLE projects (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    folder_id  VARCHAR(36)  REFERENCES folders (id),
    name       VARCHAR(128) NOT NULL,
    definition ${text}      NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE runbooks (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    folder_id  VARCHAR(36)  REFERENCES folders (id),
    name       VARCHAR(128) NOT NULL,
    definition ${text}      NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE trusts (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    holder_kind VARCHAR(16)  NOT NULL,
    holder_id   VARCHAR(128) NOT NULL,
    target_kind VARCHAR(16)  NOT NULL,
    target_id   VARCHAR(128) NOT NULL,
    created_by  VARCHAR(36)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (tenant_id, holder_kind, holder_id, target_kind, target_id)
);

CREATE TABLE schedules (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    name          VARCHAR(128) NOT NULL,
    request       ${text}      NOT NULL,
    cron          VARCHAR(128),
    time_zone     VARCHAR(64),
    run_at        TIMESTAMP WITH TIME ZONE,
    paused        BOOLEAN      NOT NULL,
    next_fire_at  TIMESTAMP WITH TIME ZONE,
    last_fired_at TIMESTAMP WITH TIME ZONE,
    last_job_id   VARCHAR(36),
    created_by    VARCHAR(36)  NOT NULL,
    created_role  VARCHAR(32)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (tenant_id, name)
);
CREATE INDEX schedules_due ON schedules (next_fire_at);

CREATE TABLE schedule_fires (
    schedule_id  VARCHAR(36)   NOT NULL REFERENCES schedules (id),
    tick         TIMESTAMP WITH TIME ZONE NOT NULL,
    fired_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    node         VARCHAR(128)  NOT NULL,
    job_id       VARCHAR(36),
    missed_ticks INTEGER       NOT NULL,
    note         VARCHAR(2048),
    PRIMARY KEY (schedule_id, tick)
);

CREATE TABLE retention_settings (
    tenant_id  VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES tenants (id),
    days       INTEGER     NOT NULL,
    updated_by VARCHAR(36) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
