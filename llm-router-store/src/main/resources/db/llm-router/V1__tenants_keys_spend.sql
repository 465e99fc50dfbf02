-- Tenants, their keys (hashed: never a plaintext key) and one spend row per call.
-- Plain SQL that PostgreSQL and H2 (in PostgreSQL mode) both run.

CREATE TABLE tenants (
  id                      VARCHAR(200) PRIMARY KEY,
  models                  TEXT NOT NULL,            -- names and wildcards, one a line; empty: every model
  daily_limit             NUMERIC(20, 6),
  monthly_limit           NUMERIC(20, 6),
  max_budget              NUMERIC(20, 6),
  budget_duration_seconds BIGINT,
  rpm                     BIGINT,
  rph                     BIGINT,
  tpm                     BIGINT,
  max_parallel            BIGINT,
  created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at              TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE api_keys (
  id                      VARCHAR(64) PRIMARY KEY,
  tenant_id               VARCHAR(200) NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  key_hash                CHAR(64) NOT NULL UNIQUE,  -- hex SHA-256 of the key
  label                   VARCHAR(200),
  models                  TEXT NOT NULL,
  daily_limit             NUMERIC(20, 6),
  monthly_limit           NUMERIC(20, 6),
  max_budget              NUMERIC(20, 6),
  budget_duration_seconds BIGINT,
  rpm                     BIGINT,
  rph                     BIGINT,
  tpm                     BIGINT,
  max_parallel            BIGINT,
  expires_at              TIMESTAMP WITH TIME ZONE,
  created_at              TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

CREATE TABLE spend_log (
  call_id            VARCHAR(64) PRIMARY KEY,       -- written once per call
  call_time          TIMESTAMP WITH TIME ZONE NOT NULL,
  tenant_id          VARCHAR(200),
  key_id             VARCHAR(64),
  model              VARCHAR(300) NOT NULL,
  deployment_id      VARCHAR(300),
  provider_model     VARCHAR(300),
  input_tokens       BIGINT NOT NULL,
  output_tokens      BIGINT NOT NULL,
  cache_read_tokens  BIGINT NOT NULL,
  cache_write_tokens BIGINT NOT NULL,
  reasoning_tokens   BIGINT NOT NULL,
  cost               NUMERIC(24, 12),              -- USD; null: no known price
  status             VARCHAR(16) NOT NULL,
  error_type         VARCHAR(100),
  latency_ms         BIGINT NOT NULL,
  ttft_ms            BIGINT,
  stream             BOOLEAN NOT NULL,
  cache_hit          BOOLEAN NOT NULL,
  end_user           VARCHAR(300),
  session_tag        VARCHAR(200)
);
CREATE INDEX spend_log_tenant_time ON spend_log (tenant_id, call_time);
CREATE INDEX spend_log_key_time ON spend_log (key_id, call_time);
