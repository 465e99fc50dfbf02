-- Where each call came in and what it cost upstream: for the audit, the spend reports and the dashboard.
ALTER TABLE spend_log ADD COLUMN ingress VARCHAR(16);       -- openai, anthropic, library; null before this version
ALTER TABLE spend_log ADD COLUMN client VARCHAR(200);       -- the client's User-Agent
ALTER TABLE spend_log ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;     -- provider calls, over retries and fallbacks
ALTER TABLE spend_log ADD COLUMN upstream_ms BIGINT NOT NULL DEFAULT 0;   -- time in those provider calls
CREATE INDEX spend_log_time ON spend_log (call_time);
