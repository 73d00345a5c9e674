-- Waiver requests: one supervisor asks, a different one approves (the call ends WAIVED) or someone
-- rejects. Written by the call's workflow through activities, keyed by the workflow's waiver id.
CREATE TABLE margin_call_waiver (
    id               VARCHAR(64)   PRIMARY KEY,
    margin_call_id   VARCHAR(128)  NOT NULL REFERENCES margin_call (id),
    account_id       VARCHAR(64)   NOT NULL,
    requested_by     VARCHAR(128)  NOT NULL,
    reason           TEXT          NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
    requested_at     TIMESTAMPTZ   NOT NULL,
    status           VARCHAR(16)   NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
    decided_by       VARCHAR(128),
    decided_at       TIMESTAMPTZ,
    decision_reason  TEXT          CHECK (decision_reason IS NULL OR char_length(decision_reason) <= 1000),
    CHECK ((status = 'PENDING') = (decided_by IS NULL)),
    CHECK ((status = 'PENDING') = (decided_at IS NULL)),
    -- Four eyes, whatever the application does: nobody approves their own request.
    CHECK (status <> 'APPROVED' OR decided_by <> requested_by)
);

-- One request at a time per call: a second must wait until the first is decided.
CREATE UNIQUE INDEX margin_call_waiver_one_pending
    ON margin_call_waiver (margin_call_id) WHERE status = 'PENDING';
CREATE INDEX margin_call_waiver_call_idx ON margin_call_waiver (margin_call_id, requested_at);
