-- Why a run ended without (all of) its task results: agent stopped or restarted mid-run, agent revoked, ...
ALTER TABLE runs ADD COLUMN error VARCHAR(1024);
-- When the server first offered the run to its agent. A cancelled run that was offered may be held by the
-- agent, so it stays open until the agent confirms; one never offered is closed at once.
ALTER TABLE runs ADD COLUMN offered_at TIMESTAMP WITH TIME ZONE;
