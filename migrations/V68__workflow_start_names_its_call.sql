-- A workflow_start row names its call only: the margin_call row written in the same transaction
-- holds everything the call's first start needs (service/CallInputs.forFirstStart). Writing the
-- input a second time, about a kilobyte of JSON per call, took about 15% of PostgreSQL's statement
-- time in a 10,000-breach shock (docs/performance-runs-from-l.md, run P). Rows written before this
-- version keep their input, and the sweeper starts them from it.
ALTER TABLE workflow_start ALTER COLUMN input DROP NOT NULL;
