-- A staged record carried its hashed text (body) beside its columns: the same fields twice, so
-- every audit record a breach stages wrote about twice its size (three records a breach, the
-- largest share of PostgreSQL's statement time while a shock's breaches are restricted). The
-- chainer now builds that text from the columns it reads back (audit/AuditChainer), so the hash
-- covers exactly what is stored. Rows staged before this keep their columns, which is all the
-- chainer reads.
ALTER TABLE audit_staged DROP COLUMN body;
