-- The resource content each run was offered ("name=sha256" lines): its agent may fetch exactly that, even
-- if the resource is replaced meanwhile. And lookups by (job, agent) and (job, step) for sequencing.
ALTER TABLE runs ADD COLUMN resources ${text};
CREATE INDEX runs_by_job_agent ON runs (job_id, agent_id);
CREATE INDEX runs_by_job_step ON runs (job_id, step, status);
