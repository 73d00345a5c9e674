-- The margin-call read model. The workflow (id = call id) drives the call; this table is what the
-- API lists and what the reconciler restarts lost workflows from.
CREATE TABLE margin_call (
    id                  VARCHAR(128)  PRIMARY KEY,
    account_id          VARCHAR(64)   NOT NULL REFERENCES facility (account_id),
    call_number         INTEGER       NOT NULL CHECK (call_number > 0),
    status              VARCHAR(16)   NOT NULL
                        CHECK (status IN ('OPEN', 'LIQUIDATING', 'CURED', 'WAIVED', 'LIQUIDATED')),
    opening_assessment  VARCHAR(16)   NOT NULL CHECK (opening_assessment IN ('MARGIN_CALL', 'LIQUIDATION')),
    -- The latest assessment ingestion saw while the call was open; recovery starts from it.
    latest_assessment   VARCHAR(16)   NOT NULL,
    trigger_reasons     JSONB         NOT NULL,
    -- The policy values the call opened under, and the figures shown to the holder.
    policy              JSONB         NOT NULL,
    figures             JSONB         NOT NULL,
    -- manual/automatic per liquidation step, resolved from configuration when the call opened.
    step_modes          JSONB         NOT NULL,
    opened_at           TIMESTAMPTZ   NOT NULL,
    deadline            TIMESTAMPTZ   NOT NULL,
    current_step        VARCHAR(48),
    closed_at           TIMESTAMPTZ,
    outcome             TEXT,
    updated_at          TIMESTAMPTZ   NOT NULL,
    UNIQUE (account_id, call_number)
);

-- At most one open call per account, whatever the application does.
CREATE UNIQUE INDEX margin_call_one_open_per_account
    ON margin_call (account_id) WHERE status IN ('OPEN', 'LIQUIDATING');
CREATE INDEX margin_call_status_idx ON margin_call (status);

-- Operator tasks: one per manual liquidation step of a call (id = call id + step).
CREATE TABLE operator_task (
    id                VARCHAR(200)  PRIMARY KEY,
    margin_call_id    VARCHAR(128)  NOT NULL REFERENCES margin_call (id),
    account_id        VARCHAR(64)   NOT NULL,
    type              VARCHAR(48)   NOT NULL,
    status            VARCHAR(16)   NOT NULL CHECK (status IN ('OPEN', 'CLAIMED', 'DONE')),
    created_at        TIMESTAMPTZ   NOT NULL,
    due_at            TIMESTAMPTZ   NOT NULL,
    escalation_level  INTEGER       NOT NULL DEFAULT 0,
    assignee          VARCHAR(128),
    completed_by      VARCHAR(128),
    approved_by       VARCHAR(128),
    completed_at      TIMESTAMPTZ,
    note              TEXT,
    evidence          JSONB,
    version           BIGINT        NOT NULL DEFAULT 0
);

CREATE INDEX operator_task_call_idx ON operator_task (margin_call_id);
CREATE INDEX operator_task_open_idx ON operator_task (status, due_at);

-- Notifications to account holders, written once per deterministic key; delivery reads PENDING rows.
CREATE TABLE notification (
    id              UUID          PRIMARY KEY,
    key             VARCHAR(300)  NOT NULL UNIQUE,
    type            VARCHAR(32)   NOT NULL,
    margin_call_id  VARCHAR(128)  NOT NULL,
    account_id      VARCHAR(64)   NOT NULL,
    figures         JSONB         NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL,
    status          VARCHAR(16)   NOT NULL DEFAULT 'PENDING'
);

CREATE INDEX notification_call_idx ON notification (margin_call_id);
CREATE INDEX notification_status_idx ON notification (status, created_at);
