-- Every query that filters calls by status asks for the open ones (OPEN or LIQUIDATING), which the
-- partial unique index margin_call_one_open_per_account already holds, one entry per open call;
-- the call list filters by status along its opened_at index. The status index served none of them
-- better, and every call opened in a shock paid for one more index entry in ingestion's
-- transaction (issue 14), and every change of status for another.
DROP INDEX margin_call_status_idx;
