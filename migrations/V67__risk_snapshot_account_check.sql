-- Healthy snapshots arrive by the thousand a second, each one row of risk_snapshot and one update
-- of account_risk (issue 14). Two costs on that path were PostgreSQL's bookkeeping, not our writes.

-- 1. The foreign key from risk_snapshot to facility checked each row by locking the facility's row
-- (FOR KEY SHARE): a WAL record and a dirtied facility page per snapshot, and shared locks
-- (multixacts) where batches touch the same account. It was about half of the insert's time. The
-- lock only guards against the facility being deleted or re-keyed meanwhile; facility rows are
-- never deleted or re-keyed (a facility ends by its status), which the triggers below now enforce,
-- so every snapshot's account is checked once per statement, without a lock.
CREATE FUNCTION facility_is_permanent() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.account_id = OLD.account_id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'facility rows are permanent: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER facility_no_delete_or_rekey
    BEFORE DELETE OR UPDATE OF account_id ON facility
    FOR EACH ROW EXECUTE FUNCTION facility_is_permanent();

CREATE TRIGGER facility_no_truncate
    BEFORE TRUNCATE ON facility
    FOR EACH STATEMENT EXECUTE FUNCTION facility_is_permanent();

CREATE FUNCTION risk_snapshot_accounts_are_facilities() RETURNS trigger AS $$
DECLARE
    orphan VARCHAR(64);
BEGIN
    SELECT i.account_id INTO orphan FROM inserted i
        WHERE NOT EXISTS (SELECT 1 FROM facility f WHERE f.account_id = i.account_id)
        LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'risk_snapshot for account % that has no facility', orphan
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER risk_snapshot_account_is_a_facility
    AFTER INSERT ON risk_snapshot
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION risk_snapshot_accounts_are_facilities();

ALTER TABLE risk_snapshot DROP CONSTRAINT risk_snapshot_account_id_fkey;

-- 2. account_risk is updated in place by every snapshot, and its pages were packed full: about
-- two updates in three could not stay on their page (no HOT update), so each wrote a new index
-- entry and the table grew to five times its live size between vacuums. Half-empty pages keep an
-- account's updates on its page; at about 200 bytes a row, that is 4 MB for 10,000 accounts.
-- Existing pages take the setting as their rows move.
ALTER TABLE account_risk SET (fillfactor = 50);
