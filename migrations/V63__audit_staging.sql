-- The audit chain's serial point leaves the writers' transactions (issue 14). A writer stages its
-- records here, in its own transaction and without any lock, so a record still commits together
-- with the change it describes. One chainer at a time (the same advisory lock as before) moves
-- committed records into audit_event, giving each its seq, prev_hash and hash, and deletes them
-- from here in the same transaction. A record is therefore always in exactly one of the two tables,
-- except for the moment a retried writer stages a key the chainer has just moved: the chainer
-- drops that copy instead of chaining it twice.
CREATE TABLE audit_staged (
    staged_seq      BIGSERIAL     PRIMARY KEY,
    id              UUID          NOT NULL,
    event_key       VARCHAR(400)  NOT NULL UNIQUE,
    occurred_at     TIMESTAMPTZ   NOT NULL,
    actor           VARCHAR(128)  NOT NULL,
    actor_roles     VARCHAR(256)  NOT NULL,
    action          VARCHAR(64)   NOT NULL,
    account_id      VARCHAR(64),
    margin_call_id  VARCHAR(128),
    task_id         VARCHAR(128),
    reason          TEXT,
    -- Canonical JSON text (AuditJson.canonical), made jsonb when chained: the parse leaves the
    -- writer's transaction too.
    before_state    TEXT,
    after_state     TEXT,
    details         TEXT,
    workflow_id     VARCHAR(255),
    run_id          VARCHAR(64),
    request_id      VARCHAR(128),
    -- The canonical text the writer hashed (AuditHashing.body): the chainer links it without
    -- parsing the JSON again, and a row edited while staged no longer matches its hash.
    body            TEXT          NOT NULL
);

-- Every recorded event, chained or not (seq is NULL until chained): what "is this on record?" must
-- ask. A record moves between the two tables in one transaction, so it is never seen in neither.
CREATE VIEW audit_record AS
    SELECT seq, id, event_key, occurred_at, actor, actor_roles, action, account_id, margin_call_id,
           task_id, reason, before_state, after_state, details, workflow_id, run_id, request_id
      FROM audit_event
    UNION ALL
    SELECT NULL, id, event_key, occurred_at, actor, actor_roles, action, account_id, margin_call_id,
           task_id, reason, CAST(before_state AS jsonb), CAST(after_state AS jsonb),
           CAST(details AS jsonb), workflow_id, run_id, request_id
      FROM audit_staged;
