-- The tamper-evident audit trail. Rows are only ever appended: each row's hash covers its fields
-- and the previous row's hash, so editing or removing a row breaks the chain at that seq.
CREATE TABLE audit_event (
    seq             BIGINT        PRIMARY KEY,
    id              UUID          NOT NULL UNIQUE,
    -- Deterministic key from the writer (e.g. workflow id + step), so a retried activity
    -- cannot append the same event twice.
    event_key       VARCHAR(400)  NOT NULL UNIQUE,
    occurred_at     TIMESTAMPTZ   NOT NULL,
    actor           VARCHAR(128)  NOT NULL,
    actor_roles     VARCHAR(256)  NOT NULL,
    action          VARCHAR(64)   NOT NULL,
    account_id      VARCHAR(64),
    margin_call_id  VARCHAR(128),
    task_id         VARCHAR(128),
    reason          TEXT,
    before_state    JSONB,
    after_state     JSONB,
    details         JSONB,
    workflow_id     VARCHAR(255),
    run_id          VARCHAR(64),
    request_id      VARCHAR(128),
    prev_hash       CHAR(64)      NOT NULL,
    hash            CHAR(64)      NOT NULL
);

CREATE INDEX audit_event_account_idx ON audit_event (account_id, seq);
CREATE INDEX audit_event_call_idx ON audit_event (margin_call_id, seq);
CREATE INDEX audit_event_task_idx ON audit_event (task_id, seq);
CREATE INDEX audit_event_actor_idx ON audit_event (actor, seq);
CREATE INDEX audit_event_action_idx ON audit_event (action, seq);
CREATE INDEX audit_event_time_idx ON audit_event (occurred_at);

CREATE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();

CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();
