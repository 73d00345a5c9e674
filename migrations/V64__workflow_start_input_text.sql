-- The outbox's input is written by the service and read back only by the service, as text: nothing
-- in the database looks inside it. Stored as jsonb, each call's input (about 1 KB) was parsed in
-- ingestion's transaction, one of the largest costs of a shock in PostgreSQL (issue 14). Like the
-- audit trail's staged records, it is kept as the text the service wrote.
ALTER TABLE workflow_start ALTER COLUMN input TYPE TEXT USING CAST(input AS TEXT);
