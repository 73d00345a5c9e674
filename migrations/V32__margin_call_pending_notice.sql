-- The assessment notice that ingestion committed but has not yet delivered to the call's workflow.
-- Ingestion writes it in the same transaction as the new assessment and clears it once the signal
-- is accepted; the reconciler re-delivers whatever is still here (Temporal was unreachable, or the
-- instance died between commit and signal), so an acknowledged snapshot always reaches its call.
ALTER TABLE margin_call ADD COLUMN pending_notice JSONB;
CREATE INDEX margin_call_pending_notice_idx ON margin_call (id) WHERE pending_notice IS NOT NULL;
