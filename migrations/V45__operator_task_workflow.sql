-- Operator tasks over REST: claiming, four-eyes approval and SLA escalation.

-- A completed RECLAIM_MARGIN_PLUS_FUNDS task waits for a second person before the workflow hears of it.
ALTER TABLE operator_task DROP CONSTRAINT operator_task_status_check;
ALTER TABLE operator_task ALTER COLUMN status TYPE VARCHAR(24);
ALTER TABLE operator_task ADD CONSTRAINT operator_task_status_check
    CHECK (status IN ('OPEN', 'CLAIMED', 'AWAITING_APPROVAL', 'DONE'));

-- The states the service relies on, held by the database whatever the application does.
ALTER TABLE operator_task ADD CONSTRAINT operator_task_claimed_has_assignee
    CHECK (status <> 'CLAIMED' OR assignee IS NOT NULL);
ALTER TABLE operator_task ADD CONSTRAINT operator_task_completed_has_completer
    CHECK (status NOT IN ('AWAITING_APPROVAL', 'DONE') OR completed_by IS NOT NULL);
-- Four-eyes: whoever approves a completion is not whoever completed it.
ALTER TABLE operator_task ADD CONSTRAINT operator_task_four_eyes
    CHECK (approved_by IS NULL OR approved_by <> completed_by);

ALTER TABLE operator_task ADD COLUMN claimed_at TIMESTAMPTZ;

-- The task list pages by (due_at, id); the SLA check reads tasks that are not done by due time.
CREATE INDEX operator_task_due_idx ON operator_task (due_at, id);
CREATE INDEX operator_task_pending_due_idx ON operator_task (due_at) WHERE status <> 'DONE';
CREATE INDEX operator_task_assignee_idx ON operator_task (assignee) WHERE assignee IS NOT NULL;
