-- A retried writer can stage a key the chain already holds (it checked just before the chainer
-- linked it); the chainer drops that copy in its next round. Writers' rounds now gather for 100 ms
-- (audit/AuditChainer), so such a copy can stay staged that long, and the view counted it as a
-- second record of the same event. It is not one: the view leaves out staged rows whose key is
-- chained already.
CREATE OR REPLACE VIEW audit_record AS
    SELECT seq, id, event_key, occurred_at, actor, actor_roles, action, account_id, margin_call_id,
           task_id, reason, before_state, after_state, details, workflow_id, run_id, request_id
      FROM audit_event
    UNION ALL
    SELECT NULL, id, event_key, occurred_at, actor, actor_roles, action, account_id, margin_call_id,
           task_id, reason, CAST(before_state AS jsonb), CAST(after_state AS jsonb),
           CAST(details AS jsonb), workflow_id, run_id, request_id
      FROM audit_staged s
     WHERE NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.event_key = s.event_key);
