-- Baseline: records which Margin Desk instance has used this database and when, so operators can
-- tell whether an embedded data directory or a production schema has been initialised.
CREATE TABLE service_instance (
    id          BIGSERIAL PRIMARY KEY,
    started_at  TIMESTAMPTZ NOT NULL,
    host        VARCHAR(255) NOT NULL,
    version     VARCHAR(64)  NOT NULL
);
