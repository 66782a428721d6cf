-- Retention: finished jobs, their runs and task output older than a tenant's retention are deleted in the
-- background (dev.steward.server.retention). A tenant without a row here keeps them for the default, 30 days.
CREATE TABLE retention_settings (
    tenant_id  VARCHAR(36) PRIMARY KEY REFERENCES tenants (id),
    days       INTEGER     NOT NULL,
    updated_by VARCHAR(36) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The sweep finds a tenant's old jobs through jobs_by_tenant (tenant_id, created_at) from V1: a job whose
-- runs all finished before the cutoff was created before it, so that index bounds the scan, oldest first;
-- each candidate's runs are checked through runs_by_job. No new index is needed for that.
--
-- Resource garbage collection must never delete content an unfinished run was offered (runs.resources of
-- runs with finished_at NULL). Without this index that lookup reads every run ever kept; with it, only the
-- open ones. It changes once per run (when the run finishes).
CREATE INDEX runs_by_finished_at ON runs (finished_at);
