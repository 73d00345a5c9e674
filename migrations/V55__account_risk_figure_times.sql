-- Staleness per figure: Binance's ACCOUNT_UPDATE carries the CAB and MARGIN_CALL the MMR, so each
-- figure keeps the time it was observed. as_of stays the newest of the two.
ALTER TABLE account_risk ADD COLUMN cab_as_of TIMESTAMPTZ;
ALTER TABLE account_risk ADD COLUMN mmr_as_of TIMESTAMPTZ;
UPDATE account_risk SET cab_as_of = as_of WHERE collateral_balance IS NOT NULL;
UPDATE account_risk SET mmr_as_of = as_of WHERE maintenance_margin_ratio IS NOT NULL;
