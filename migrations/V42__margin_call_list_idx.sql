-- GET /api/v1/margin-calls lists newest first with an (opened_at, id) keyset cursor, optionally for
-- one account; these indexes serve both orders without a sort.
CREATE INDEX margin_call_opened_idx ON margin_call (opened_at DESC, id DESC);
CREATE INDEX margin_call_account_opened_idx ON margin_call (account_id, opened_at DESC, id DESC);
