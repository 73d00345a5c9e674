-- Deadline extensions granted by supervisors. The call's workflow writes each one once (the id comes
-- from the workflow) and moves margin_call.deadline forward in the same transaction. The total per
-- call is capped by the maxExtension the call opened under (margin_call.policy); the workflow's
-- update validator enforces the cap, this table records what was granted.
CREATE TABLE margin_call_extension (
    id                 VARCHAR(64)   PRIMARY KEY,
    margin_call_id     VARCHAR(128)  NOT NULL REFERENCES margin_call (id),
    -- ISO-8601 as the supervisor asked (PT6H), and the same in milliseconds for sums.
    extend_by          VARCHAR(32)   NOT NULL,
    extend_by_ms       BIGINT        NOT NULL CHECK (extend_by_ms > 0),
    previous_deadline  TIMESTAMPTZ   NOT NULL,
    new_deadline       TIMESTAMPTZ   NOT NULL,
    granted_by         VARCHAR(128)  NOT NULL,
    reason             TEXT          NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
    granted_at         TIMESTAMPTZ   NOT NULL,
    CHECK (new_deadline > previous_deadline)
);

CREATE INDEX margin_call_extension_call_idx ON margin_call_extension (margin_call_id, granted_at);
