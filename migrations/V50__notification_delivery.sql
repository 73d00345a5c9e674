-- Delivery of the notification outbox (docs/notifications.md). A row is one notification with a
-- stable id; the dispatcher claims due rows with FOR UPDATE SKIP LOCKED, and records each attempt
-- and the row's new state in one transaction, so a restarted or second dispatcher neither loses nor
-- repeats a delivery.
ALTER TABLE notification
    ADD COLUMN recipient        VARCHAR(16)  NOT NULL DEFAULT 'ACCOUNT_HOLDER'
                                CHECK (recipient IN ('ACCOUNT_HOLDER', 'SUPERVISORS')),
    -- 1 for the first send; 2 for the one re-send of a notification that was not acknowledged.
    ADD COLUMN send_no          INTEGER      NOT NULL DEFAULT 1 CHECK (send_no > 0),
    ADD COLUMN send_started_at  TIMESTAMPTZ,
    -- Attempts of the current send so far: the retry backoff grows with it.
    ADD COLUMN send_attempts    INTEGER      NOT NULL DEFAULT 0,
    -- When the dispatcher should next try; NULL when there is nothing left to deliver.
    ADD COLUMN next_attempt_at  TIMESTAMPTZ,
    ADD COLUMN delivered_at     TIMESTAMPTZ,
    ADD COLUMN failed_at        TIMESTAMPTZ,
    ADD COLUMN last_error       TEXT,
    -- Set for notifications that need a receipt (CALL_OPENED); cleared once handled.
    ADD COLUMN ack_due_at       TIMESTAMPTZ,
    ADD COLUMN acknowledged_at  TIMESTAMPTZ,
    ADD COLUMN acknowledged_by  VARCHAR(128);

-- Rows written before delivery existed are delivered now, as their first send.
UPDATE notification SET send_started_at = created_at, next_attempt_at = created_at
 WHERE status = 'PENDING';
UPDATE notification SET send_started_at = created_at WHERE send_started_at IS NULL;
ALTER TABLE notification ALTER COLUMN send_started_at SET NOT NULL;

ALTER TABLE notification
    ADD CONSTRAINT notification_status_check
    CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'ACKNOWLEDGED'));

CREATE INDEX notification_due_idx ON notification (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX notification_ack_due_idx ON notification (ack_due_at)
    WHERE ack_due_at IS NOT NULL AND acknowledged_at IS NULL;
CREATE INDEX notification_created_idx ON notification (created_at DESC, id DESC);

-- Every delivery attempt on every channel, kept for the record and shown by the API.
CREATE TABLE notification_attempt (
    id               BIGSERIAL     PRIMARY KEY,
    notification_id  UUID          NOT NULL REFERENCES notification (id),
    channel          VARCHAR(16)   NOT NULL CHECK (channel IN ('WEBHOOK', 'EMAIL', 'LOG')),
    send_no          INTEGER       NOT NULL,
    -- 1, 2, 3 … per notification and channel, across sends.
    attempt_no       INTEGER       NOT NULL CHECK (attempt_no > 0),
    attempted_at     TIMESTAMPTZ   NOT NULL,
    outcome          VARCHAR(16)   NOT NULL CHECK (outcome IN ('DELIVERED', 'FAILED')),
    -- The HTTP status of a webhook attempt; NULL when there was no response or no HTTP.
    status_code      INTEGER,
    error            TEXT,
    UNIQUE (notification_id, channel, attempt_no)
);
