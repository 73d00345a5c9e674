package org.margindesk.workflow;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays recorded histories against today's workflow code. A change that would break running calls
 * (non-determinism) fails here; such a change must go through {@code Workflow.getVersion}.
 */
class MarginCallReplayTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "histories/margin-call-cured.json",
        "histories/margin-call-liquidated-manual-steps.json",
        "histories/margin-call-extended-then-waived.json",
        "histories/margin-call-escalated-by-supervisor.json",
        "histories/margin-call-cure-during-liquidation.json",
        "histories/margin-call-overtaken-notice.json",
        "histories/margin-call-exchange-refused.json",
        "histories/margin-call-opening-in-one-transaction-cured.json",
        "histories/margin-call-opening-in-one-transaction-liquidated.json",
        "histories/margin-call-effects-local-first-liquidated.json",
        "histories/margin-call-effects-local-first-refused.json",
        "histories/margin-call-liquidation-starts-together-manual-steps.json",
        "histories/margin-call-liquidation-starts-together-waiver-lapsed.json",
        "histories/margin-call-first-step-at-opening.json",
        "histories/margin-call-task-with-opening.json"
      })
  void givenARecordedHistory_whenReplayed_thenTheWorkflowIsDeterministic(String resource)
      throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(resource, MarginCallWorkflowImpl.class);
  }
}
