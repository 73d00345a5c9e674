-- Margin+ facilities: one per account. Policy columns hold per-facility overrides; NULL means the
-- configured default (margin-desk.policy.*) applies.
CREATE TABLE facility (
    account_id          VARCHAR(64)    PRIMARY KEY,
    margin_plus_amount  NUMERIC(38, 8) NOT NULL CHECK (margin_plus_amount > 0),
    asset               VARCHAR(16)    NOT NULL,
    exchange_alias      VARCHAR(64)    NOT NULL UNIQUE,
    contact_email       VARCHAR(254),
    status              VARCHAR(16)    NOT NULL CHECK (status IN ('ACTIVE', 'CANCELLED')),
    min_top_up_ratio    NUMERIC(12, 6),
    termination_ratio   NUMERIC(12, 6),
    mmr_margin_call     NUMERIC(20, 8),
    mmr_liquidation     NUMERIC(20, 8),
    remediation_window  VARCHAR(32),
    max_extension       VARCHAR(32),
    -- Calls are numbered per account; the workflow id is derived from account and number.
    last_call_number    INTEGER        NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ    NOT NULL,
    updated_at          TIMESTAMPTZ    NOT NULL,
    version             BIGINT         NOT NULL DEFAULT 0
);
