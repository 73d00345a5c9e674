-- An effect the exchange refused becomes an EXCHANGE_REFUSED operator task: the operator needs the
-- exchange's answer, the effect and its idempotency key (details), and says how they resolved it.
ALTER TABLE operator_task ADD COLUMN details JSONB;
ALTER TABLE operator_task ADD COLUMN resolution VARCHAR(16)
    CHECK (resolution IS NULL OR resolution IN ('RETRY', 'DONE_BY_HAND'));
