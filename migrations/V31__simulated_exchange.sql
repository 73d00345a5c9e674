-- The simulated exchange (margin-desk.gateway.kind=simulated): what the exchange would hold, so
-- that liquidation steps have real, checkable effects without an exchange.
CREATE TABLE sim_account_control (
    account_id           VARCHAR(64)  PRIMARY KEY,
    reduce_only          BOOLEAN      NOT NULL DEFAULT FALSE,
    withdrawals_enabled  BOOLEAN      NOT NULL DEFAULT TRUE,
    trading_enabled      BOOLEAN      NOT NULL DEFAULT TRUE,
    updated_at           TIMESTAMPTZ  NOT NULL
);

CREATE TABLE sim_position (
    account_id   VARCHAR(64)     NOT NULL,
    symbol       VARCHAR(32)     NOT NULL,
    quantity     NUMERIC(38, 8)  NOT NULL,
    mark_price   NUMERIC(38, 8)  NOT NULL CHECK (mark_price > 0),
    updated_at   TIMESTAMPTZ     NOT NULL,
    PRIMARY KEY (account_id, symbol)
);

CREATE TABLE sim_fill (
    id               BIGSERIAL       PRIMARY KEY,
    idempotency_key  VARCHAR(300)    NOT NULL,
    account_id       VARCHAR(64)     NOT NULL,
    symbol           VARCHAR(32)     NOT NULL,
    quantity         NUMERIC(38, 8)  NOT NULL,
    price            NUMERIC(38, 8)  NOT NULL,
    filled_at        TIMESTAMPTZ     NOT NULL
);

-- Double-entry funds ledger: a balance is the sum of an (owner, asset)'s amounts.
CREATE TABLE sim_funds_ledger (
    id               BIGSERIAL       PRIMARY KEY,
    idempotency_key  VARCHAR(300)    NOT NULL,
    owner            VARCHAR(64)     NOT NULL,
    asset            VARCHAR(16)     NOT NULL,
    amount           NUMERIC(38, 8)  NOT NULL,
    booked_at        TIMESTAMPTZ     NOT NULL
);

CREATE INDEX sim_funds_ledger_owner_idx ON sim_funds_ledger (owner, asset);

-- One row per effect ever performed, by idempotency key; a repeated key returns the stored result.
CREATE TABLE sim_side_effect (
    idempotency_key  VARCHAR(300)  PRIMARY KEY,
    account_id       VARCHAR(64)   NOT NULL,
    effect           VARCHAR(48)   NOT NULL,
    result           JSONB         NOT NULL,
    performed_at     TIMESTAMPTZ   NOT NULL
);
