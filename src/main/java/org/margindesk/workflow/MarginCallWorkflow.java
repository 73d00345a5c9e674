package org.margindesk.workflow;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.margindesk.workflow.messages.commands.AssessmentNotice;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.commands.EscalationRequest;
import org.margindesk.workflow.messages.commands.ExtensionRequest;
import org.margindesk.workflow.messages.commands.TaskCompletion;
import org.margindesk.workflow.messages.commands.WaiverDecision;
import org.margindesk.workflow.messages.commands.WaiverRequest;
import org.margindesk.workflow.messages.queries.CallState;
import org.margindesk.workflow.messages.queries.StateQuery;
import org.margindesk.workflow.messages.values.CallOutcome;
import org.margindesk.workflow.messages.values.EscalationResult;
import org.margindesk.workflow.messages.values.ExtensionGranted;
import org.margindesk.workflow.messages.values.LifecycleFailure;
import org.margindesk.workflow.messages.values.TaskCompletionResult;
import org.margindesk.workflow.messages.values.WaiverResult;

/**
 * One margin call, from open to cured, waived or liquidated. The workflow id is the call id.
 * People's decisions are updates with validators: a request that does not fit is refused to the
 * caller (a typed {@link LifecycleFailure}) and never enters history.
 */
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

  /**
   * A supervisor moves the deadline; the remediation timer and the reminders follow the new one.
   * Only while OPEN, and only within the policy's maxExtension in total.
   */
  @UpdateMethod
  ExtensionGranted extendDeadline(ExtensionRequest request);

  @UpdateValidatorMethod(updateName = "extendDeadline")
  void validateExtendDeadline(ExtensionRequest request);

  /** A supervisor starts liquidation now; answers once the call is recorded as LIQUIDATING. */
  @UpdateMethod
  EscalationResult escalateNow(EscalationRequest request);

  @UpdateValidatorMethod(updateName = "escalateNow")
  void validateEscalateNow(EscalationRequest request);

  /** A supervisor asks for the call to be waived; answers with the pending request's id. */
  @UpdateMethod
  WaiverResult requestWaiver(WaiverRequest request);

  @UpdateValidatorMethod(updateName = "requestWaiver")
  void validateRequestWaiver(WaiverRequest request);

  /**
   * A second supervisor approves a pending waiver: the call ends WAIVED and its restrictions are
   * lifted. Answers once that is recorded.
   */
  @UpdateMethod
  WaiverResult approveWaiver(WaiverDecision decision);

  @UpdateValidatorMethod(updateName = "approveWaiver")
  void validateApproveWaiver(WaiverDecision decision);

  /** A supervisor (the requester included) discards a pending waiver request. */
  @UpdateMethod
  WaiverResult rejectWaiver(WaiverDecision decision);

  @UpdateValidatorMethod(updateName = "rejectWaiver")
  void validateRejectWaiver(WaiverDecision decision);

  @QueryMethod
  CallState state(StateQuery query);
}
