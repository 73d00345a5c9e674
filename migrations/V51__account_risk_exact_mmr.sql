-- The account's latest MMR as its exact terms, numerator / denominator. maintenance_margin_ratio keeps
-- 8 places for people, but a Binance MMR is a quotient ((cw + Σ up) / Σ mm) that may have more
-- places or none that end, and the next snapshot that brings only a CAB is decided on the MMR kept
-- here: rounded, 4.999999996… would be kept as 5 and stop counting as below the liquidation level.
-- NULL in rows written before this column; their 8-place value is then the best there is (and exact
-- for native snapshots, which never carry more than 8 places).
ALTER TABLE account_risk
    ADD COLUMN mmr_numerator   NUMERIC,
    ADD COLUMN mmr_denominator NUMERIC,
    ADD CONSTRAINT account_risk_mmr_terms_ck CHECK (
        (mmr_numerator IS NULL) = (mmr_denominator IS NULL)
        AND (mmr_denominator IS NULL OR mmr_denominator > 0));
