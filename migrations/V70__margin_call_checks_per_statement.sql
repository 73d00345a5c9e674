-- Two foreign keys on a breach's path checked each row by locking the row it names (FOR KEY SHARE):
-- margin_call's facility and workflow_start's margin_call, one lookup and one lock per call opened
-- (about 8 microseconds a row each, uncontended). The lock only guards against the referenced row
-- being deleted or re-keyed meanwhile. Facility rows are permanent already (V67); margin_call rows
-- now are too (a call ends by its status, never by deletion), so each statement checks its rows
-- once, without a lock, as risk_snapshot's accounts are checked since V67.

CREATE FUNCTION margin_call_is_permanent() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'margin_call rows are permanent: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER margin_call_no_delete
    BEFORE DELETE ON margin_call
    FOR EACH ROW EXECUTE FUNCTION margin_call_is_permanent();

-- An update that writes every column (as the ORM does) keeps the keys and passes.
CREATE TRIGGER margin_call_no_rekey
    BEFORE UPDATE OF id, account_id ON margin_call
    FOR EACH ROW
    WHEN (NEW.id IS DISTINCT FROM OLD.id OR NEW.account_id IS DISTINCT FROM OLD.account_id)
    EXECUTE FUNCTION margin_call_is_permanent();

CREATE TRIGGER margin_call_no_truncate
    BEFORE TRUNCATE ON margin_call
    FOR EACH STATEMENT EXECUTE FUNCTION margin_call_is_permanent();

CREATE FUNCTION margin_call_accounts_are_facilities() RETURNS trigger AS $$
DECLARE
    orphan VARCHAR(64);
BEGIN
    SELECT i.account_id INTO orphan FROM inserted i
        WHERE NOT EXISTS (SELECT 1 FROM facility f WHERE f.account_id = i.account_id)
        LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'margin_call for account % that has no facility', orphan
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER margin_call_account_is_a_facility
    AFTER INSERT ON margin_call
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION margin_call_accounts_are_facilities();

ALTER TABLE margin_call DROP CONSTRAINT margin_call_account_id_fkey;

CREATE FUNCTION workflow_start_calls_exist() RETURNS trigger AS $$
DECLARE
    orphan VARCHAR(128);
BEGIN
    SELECT i.call_id INTO orphan FROM inserted i
        WHERE NOT EXISTS (SELECT 1 FROM margin_call c WHERE c.id = i.call_id)
        LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'workflow_start for call % that does not exist', orphan
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER workflow_start_call_exists
    AFTER INSERT ON workflow_start
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION workflow_start_calls_exist();

-- An outbox row is claimed, retried and deleted, never pointed at another call.
CREATE FUNCTION workflow_start_keeps_its_call() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'workflow_start rows keep their call'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER workflow_start_no_recall
    BEFORE UPDATE OF call_id ON workflow_start
    FOR EACH ROW
    WHEN (NEW.call_id IS DISTINCT FROM OLD.call_id)
    EXECUTE FUNCTION workflow_start_keeps_its_call();

ALTER TABLE workflow_start DROP CONSTRAINT workflow_start_call_id_fkey;

-- Each call opened updates its facility's call number. With packed pages that update could not stay
-- on its page (a new index entry in both of facility's indexes). A batch updates every facility it
-- opens calls for in one statement, and a page's old versions cannot be pruned before it commits,
-- so a page must have room for a second version of every row: half-empty pages, as account_risk
-- (V67). Rows are about 150 bytes: 3 MB for 10,000 facilities. Existing pages take the setting as
-- their rows move.
ALTER TABLE facility SET (fillfactor = 50);
