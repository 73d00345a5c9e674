package org.margindesk.workflow;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One margin call, from open to cured or liquidated. The workflow id is the call id. */
@WorkflowInterface
public interface MarginCallWorkflow {
  @WorkflowMethod
  CallOutcome run(CallInput input);

  /** A one-way notice: the account's assessment changed. */
  @SignalMethod
  void assessmentChanged(AssessmentNotice notice);

  /**
   * An operator task is done. An update, not a signal, so that a wrong completion is refused to the
   * caller by the validator and never enters history.
   */
  @UpdateMethod
  TaskCompletionResult completeTask(TaskCompletion completion);

  @UpdateValidatorMethod(updateName = "completeTask")
  void validateCompleteTask(TaskCompletion completion);

  @QueryMethod
  CallState state(StateQuery query);
}
