-- Restrict first (issue 14): ingestion restricts a breaching account in its own transaction (or,
-- for a remote exchange, right after it), and starts the call's workflow from an outbox.

-- When both opening restrictions (reduce-only on, withdrawals off) were confirmed; NULL while
-- either is pending, which the API shows as "restriction": "PENDING".
ALTER TABLE margin_call ADD COLUMN restricted_at TIMESTAMPTZ;

-- Calls opened before this migration were restricted by their workflow: its audit records say when.
UPDATE margin_call m
   SET restricted_at = r.confirmed_at
  FROM (SELECT c.id, max(a.occurred_at) AS confirmed_at, count(*) AS effects
          FROM margin_call c
          JOIN audit_event a
            ON a.event_key IN (c.id || ':open:reduce-only-on', c.id || ':open:withdrawals-off')
         GROUP BY c.id) r
 WHERE r.id = m.id AND r.effects = 2;

-- Workflow starts not yet made: written in the transaction that opens the call, deleted once the
-- workflow runs. A start lost to a crash is made by the sweeper from the same input.
CREATE TABLE workflow_start (
    call_id          VARCHAR(128)  PRIMARY KEY REFERENCES margin_call (id),
    input            JSONB         NOT NULL,
    created_at       TIMESTAMPTZ   NOT NULL,
    attempts         INTEGER       NOT NULL DEFAULT 0,
    last_error       TEXT,
    next_attempt_at  TIMESTAMPTZ   NOT NULL
);

CREATE INDEX workflow_start_due_idx ON workflow_start (next_attempt_at);
