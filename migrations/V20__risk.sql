-- The latest risk per account. Ingestion locks this row (SELECT ... FOR UPDATE) for the whole
-- ingestion transaction, so snapshots for one account are applied one at a time and can never open
-- two margin calls. as_of is NULL until the first snapshot has been applied.
CREATE TABLE account_risk (
    account_id                VARCHAR(64)    PRIMARY KEY REFERENCES facility (account_id),
    collateral_balance        NUMERIC(38, 8),
    maintenance_margin_ratio  NUMERIC(38, 8),
    as_of                     TIMESTAMPTZ,
    assessment                VARCHAR(16)    NOT NULL
        CHECK (assessment IN ('HEALTHY', 'MARGIN_CALL', 'LIQUIDATION')),
    last_snapshot_id          UUID,
    updated_at                TIMESTAMPTZ    NOT NULL
);

-- Append-only history of every accepted snapshot, stale ones included (flagged). Values are as
-- received: a snapshot that left out a field stores NULL for it.
CREATE TABLE risk_snapshot (
    id                        UUID           PRIMARY KEY,
    account_id                VARCHAR(64)    NOT NULL REFERENCES facility (account_id),
    source                    VARCHAR(16)    NOT NULL CHECK (source IN ('NATIVE', 'BINANCE')),
    -- Native snapshots: the feed's eventId.
    event_id                  VARCHAR(64),
    -- Binance events: the dedupe key (i, e, E, T); T is NULL for MARGIN_CALL, which has none.
    exchange_alias            VARCHAR(64),
    exchange_event_type       VARCHAR(32),
    exchange_event_time       BIGINT,
    exchange_transaction_time BIGINT,
    as_of                     TIMESTAMPTZ    NOT NULL,
    collateral_balance        NUMERIC(38, 8),
    maintenance_margin_ratio  NUMERIC(38, 8),
    stale                     BOOLEAN        NOT NULL,
    -- The account's assessment after this snapshot (unchanged when stale) and before it.
    assessment                VARCHAR(16)    NOT NULL
        CHECK (assessment IN ('HEALTHY', 'MARGIN_CALL', 'LIQUIDATION')),
    previous_assessment       VARCHAR(16)    NOT NULL
        CHECK (previous_assessment IN ('HEALTHY', 'MARGIN_CALL', 'LIQUIDATION')),
    reasons                   JSONB          NOT NULL,
    raw_payload               TEXT,
    received_at               TIMESTAMPTZ    NOT NULL,
    received_by               VARCHAR(128)   NOT NULL,
    CHECK (source <> 'NATIVE' OR event_id IS NOT NULL),
    CHECK (source <> 'BINANCE'
        OR (exchange_alias IS NOT NULL AND exchange_event_type IS NOT NULL
            AND exchange_event_time IS NOT NULL AND raw_payload IS NOT NULL))
);

CREATE UNIQUE INDEX risk_snapshot_event_id_uq ON risk_snapshot (event_id)
    WHERE source = 'NATIVE';
-- COALESCE because a unique index treats NULLs as distinct, and MARGIN_CALL events have no T.
CREATE UNIQUE INDEX risk_snapshot_exchange_event_uq ON risk_snapshot (
    exchange_alias, exchange_event_type, exchange_event_time,
    COALESCE(exchange_transaction_time, -1))
    WHERE source = 'BINANCE';
CREATE INDEX risk_snapshot_account_idx ON risk_snapshot (account_id, received_at);

CREATE FUNCTION risk_snapshot_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'risk_snapshot is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER risk_snapshot_no_update_or_delete
    BEFORE UPDATE OR DELETE ON risk_snapshot
    FOR EACH ROW EXECUTE FUNCTION risk_snapshot_is_append_only();
