-- Every node looks for recent revocations every few seconds (PushSessions' revocation sweep).
CREATE INDEX agents_by_revoked_at ON agents (revoked_at);
