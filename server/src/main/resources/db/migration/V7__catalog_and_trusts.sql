-- Folders, teams, labels, resources, projects, run books, trusts; multi-module jobs.

-- One tree per kind ('team', 'module', 'resource'). path is the folder's full path ('/Customers/Acme'),
-- kept in step with parent and name by the service; it makes "unique within a parent" a plain UNIQUE
-- (a NULL parent would defeat a UNIQUE on (parent_id, name) in PostgreSQL).
CREATE TABLE folders (
    id         VARCHAR(36)   PRIMARY KEY,
    tenant_id  VARCHAR(36)   NOT NULL REFERENCES tenants (id),
    kind       VARCHAR(16)   NOT NULL,
    parent_id  VARCHAR(36)   REFERENCES folders (id),
    name       VARCHAR(128)  NOT NULL,
    path       VARCHAR(2048) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (tenant_id, kind, path)
);
CREATE INDEX folders_by_parent ON folders (parent_id);

-- rules: JSON list of label selectors ("os=linux,env=prod"); an agent matching any rule is a member.
-- settings: the same JSON object as agent_defaults, between the tenant defaults and an agent's own.
CREATE TABLE teams (
    id         VARCHAR(36)   PRIMARY KEY,
    tenant_id  VARCHAR(36)   NOT NULL REFERENCES tenants (id),
    folder_id  VARCHAR(36)   REFERENCES folders (id),
    name       VARCHAR(128)  NOT NULL,
    rules      VARCHAR(4096) NOT NULL,
    settings   VARCHAR(2048) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE team_members (
    team_id  VARCHAR(36) NOT NULL REFERENCES teams (id),
    agent_id VARCHAR(36) NOT NULL REFERENCES agents (id),
    PRIMARY KEY (team_id, agent_id)
);
CREATE INDEX team_members_by_agent ON team_members (agent_id);

ALTER TABLE agents ADD COLUMN primary_team_id VARCHAR(36) REFERENCES teams (id);
ALTER TABLE agents ADD COLUMN labels VARCHAR(4096);

-- A module's folder is a property of the module (its name), copied onto each new version.
ALTER TABLE modules ADD COLUMN folder_id VARCHAR(36) REFERENCES folders (id);

-- Content lives on disk by SHA-256 (data dir resources/); this is the catalog entry.
CREATE TABLE resources (
    id         VARCHAR(36)  PRIMARY KEY,
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

-- Projects and run books: definitions as JSON (validated from YAML), in module folders.
CREATE TABLE projects (
    id         VARCHAR(36)  PRIMARY KEY,
    tenant_id  VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    folder_id  VARCHAR(36)  REFERENCES folders (id),
    name       VARCHAR(128) NOT NULL,
    definition ${text}      NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE runbooks (
    id         VARCHAR(36)  PRIMARY KEY,
    tenant_id  VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    folder_id  VARCHAR(36)  REFERENCES folders (id),
    name       VARCHAR(128) NOT NULL,
    definition ${text}      NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (tenant_id, name)
);

-- holder trusts target. Kinds: team_folder, team, agent, module_folder, module, resource_folder, resource.
-- Ids are folder/team/agent/resource ids, and the module NAME for modules (versions share their trusts).
CREATE TABLE trusts (
    id          VARCHAR(36)  PRIMARY KEY,
    tenant_id   VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    holder_kind VARCHAR(16)  NOT NULL,
    holder_id   VARCHAR(128) NOT NULL,
    target_kind VARCHAR(16)  NOT NULL,
    target_id   VARCHAR(128) NOT NULL,
    created_by  VARCHAR(36)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (tenant_id, holder_kind, holder_id, target_kind, target_id)
);

ALTER TABLE tenants ADD COLUMN trusts_security VARCHAR(16) DEFAULT 'disabled' NOT NULL;

-- Jobs may run a module, a project or a run book. Each run names its own module; runs of later
-- steps wait ('waiting') until the steps before them end, then become 'pending' or 'skipped'.
ALTER TABLE jobs ADD COLUMN kind VARCHAR(16) DEFAULT 'module' NOT NULL;
ALTER TABLE jobs ADD COLUMN name VARCHAR(128);
ALTER TABLE jobs ALTER COLUMN module_id DROP NOT NULL;
ALTER TABLE runs ADD COLUMN module_id VARCHAR(36) REFERENCES modules (id);
ALTER TABLE runs ADD COLUMN step INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE runs ADD COLUMN position INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE runs ADD COLUMN step_continue BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE runs ADD COLUMN module_continue BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE runs SET module_id = (SELECT j.module_id FROM jobs j WHERE j.id = runs.job_id);
UPDATE jobs SET name = (SELECT m.name FROM modules m WHERE m.id = jobs.module_id);
ALTER TABLE runs ALTER COLUMN module_id SET NOT NULL;
CREATE INDEX runs_waiting_by_job ON runs (job_id, status);
