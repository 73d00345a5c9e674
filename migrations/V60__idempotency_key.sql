-- Idempotency-Key of the admin API (docs/runbook.md#idempotency-keys). One row per caller, method,
-- path and key: inserted IN_PROGRESS before the request acts, in a transaction of its own, so the
-- primary key decides which of two copies of a request acts, across instances; completed with the
-- answer (status, content type, the headers that matter, the body bytes) once it is known, and
-- replayed from here for a retry. Rows older than margin-desk.idempotency.retention are purged.
CREATE TABLE idempotency_key (
    -- SHA-256 (hex) of caller, method, path and key: a fixed-size key however long the path is.
    scope_hash             CHAR(64)      PRIMARY KEY,
    caller                 TEXT          NOT NULL,
    method                 VARCHAR(8)    NOT NULL,
    path                   TEXT          NOT NULL,
    idempotency_key        VARCHAR(255)  NOT NULL,
    -- SHA-256 (hex) of the raw request body: the same key with another body is refused (422).
    request_sha256         CHAR(64)      NOT NULL,
    state                  VARCHAR(16)   NOT NULL CHECK (state IN ('IN_PROGRESS', 'COMPLETED')),
    -- The attempt that holds the row; only it may complete or release it, even after a takeover.
    owner                  UUID          NOT NULL,
    created_at             TIMESTAMPTZ   NOT NULL,
    completed_at           TIMESTAMPTZ,
    response_status        INTEGER,
    response_content_type  VARCHAR(255),
    response_headers       JSONB,
    response_body          BYTEA,
    CHECK ((state = 'COMPLETED') = (completed_at IS NOT NULL AND response_status IS NOT NULL
                                    AND response_headers IS NOT NULL AND response_body IS NOT NULL))
);

CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
