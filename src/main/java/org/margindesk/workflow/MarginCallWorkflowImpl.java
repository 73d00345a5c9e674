package org.margindesk.workflow;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.margindesk.activity.NotificationType;
import org.margindesk.activity.SupervisorActivities;
import org.margindesk.activity.TaskActivities;
import org.margindesk.activity.WaiverDecisionRecord;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.ReminderSchedule;
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
import org.margindesk.workflow.messages.values.PendingWaiver;
import org.margindesk.workflow.messages.values.ResumeState;
import org.margindesk.workflow.messages.values.TaskCompletionResult;
import org.margindesk.workflow.messages.values.WaiverResult;

/**
 * The margin-call lifecycle of seed 004: open (restrict at once), remediation until cure, hard
 * breach or deadline, then the five liquidation steps. Supervisors may extend the deadline,
 * escalate at once, or waive the call with a second supervisor's approval. Handlers only change
 * fields (and record what they accepted); the main method moves on with {@code Workflow.await}, so
 * every change of status happens in one place and two of them can never race. Operator tasks live
 * in {@link OperatorTasks}, supervisors' rules in {@link SupervisorDecisions}, refused effects in
 * {@link ExchangeRefusals}.
 */
public class MarginCallWorkflowImpl implements MarginCallWorkflow {
  static final String SYSTEM = "system";

  /** Version marker: a recovered call that was LIQUIDATING from the start reruns its opening. */
  static final String RECOVERED_IMMEDIATE_LIQUIDATION_OPENS =
      "recovered-immediate-liquidation-opens";

  private static final String IMMEDIATE_REASON =
      "the first assessment is LIQUIDATION: no grace period";
  private static final String IMMEDIATE_CAUSE = "IMMEDIATE_LIQUIDATION";

  private final SupervisorDecisions decisions =
      new SupervisorDecisions(
          Workflow.newActivityStub(
              SupervisorActivities.class, LifecycleActivityOptions.standard()));
  private final OperatorTasks tasks =
      new OperatorTasks(
          Workflow.newActivityStub(TaskActivities.class, LifecycleActivityOptions.standard()));

  private CallInput input;
  private CallKeys keys;
  private Reminders reminders;
  private CallStatus status;
  private long deadlineMillis;
  private LiquidationStep currentStep;
  private final AssessmentNotices notices = new AssessmentNotices();
  private CallEffects effects;
  private CureDuringLiquidation cure;

  /**
   * The status the call is committed to while the main method is still getting there (a cure in
   * progress, an accepted escalation or waiver): validators judge by it, so nothing is accepted
   * that the call is about to stop allowing.
   */
  private CallStatus leavingFor;

  private ExchangeRefusals refusals;
  private String waivedOutcome;

  @Override
  public CallOutcome run(CallInput callInput) {
    start(callInput);
    // A recovered call that was LIQUIDATING from its first assessment never had an OPEN phase, so
    // nothing shows whether its opening (the restriction above all) happened before it was lost.
    boolean reopenImmediate =
        input.resume() != null
            && input.openingAssessment() == Assessment.LIQUIDATION
            && Workflow.getVersion(
                    RECOVERED_IMMEDIATE_LIQUIDATION_OPENS, Workflow.DEFAULT_VERSION, 1)
                >= 1;
    if (input.resume() == null || status == CallStatus.OPEN || reopenImmediate) {
      // Rerunning the open step for a recovered call is safe (every effect is keyed) and covers a
      // call whose row was committed but whose workflow never started or never finished opening.
      effects.open(this::stillOpen);
    }
    if (status == CallStatus.OPEN) {
      remediate();
    } else if (input.resume() == null) {
      escalate(IMMEDIATE_REASON, IMMEDIATE_CAUSE, SYSTEM);
    } else if (reopenImmediate) {
      // Keyed: recorded once, whether or not the lost run got this far; the step is kept.
      recordEscalation(IMMEDIATE_REASON, IMMEDIATE_CAUSE, SYSTEM);
    }
    CallOutcome outcome =
        switch (status) {
          case CURED -> new CallOutcome(input.callId(), status, "cured");
          case WAIVED -> new CallOutcome(input.callId(), status, waivedOutcome);
          default -> liquidate();
        };
    // A refusal still waited out in the background closes its task before the call ends.
    Workflow.await(refusals::settled);
    Workflow.await(Workflow::isEveryHandlerFinished);
    return outcome;
  }

  private void start(CallInput callInput) {
    input = callInput;
    keys = new CallKeys(callInput.callId());
    tasks.start(callInput);
    decisions.start(callInput, keys);
    refusals = new ExchangeRefusals(tasks, callInput);
    effects =
        new CallEffects(
            callInput, keys, refusals, () -> status, () -> deadlineMillis, () -> currentStep);
    cure = effects.cureDuringLiquidation();
    reminders =
        new Reminders(
            new ReminderSchedule(callInput.reminderOffsetsMillis(), callInput.openedAtMillis()),
            effects);
    deadlineMillis = callInput.deadlineMillis();
    ResumeState resume = callInput.resume();
    if (resume == null) {
      status = CallStatus.openingFor(callInput.openingAssessment());
      return;
    }
    status = resume.status();
    currentStep = resume.currentStep();
    notices.resume(resume);
  }

  private void remediate() {
    while (status == CallStatus.OPEN) {
      long now = Workflow.currentTimeMillis();
      // A supervisor's decision was accepted while the call was OPEN, so it comes first.
      if (decisions.waiverToApply() != null) {
        waive(decisions.waiverToApply(), decisions.approver());
        return;
      }
      EscalationRequest escalation = decisions.escalationToApply();
      if (escalation != null) {
        escalate(escalation.reason(), "BY_SUPERVISOR", escalation.actor());
        decisions.escalationApplied();
        return;
      }
      if (notices.cured()) {
        cure();
        return;
      }
      if (notices.hardBreach()) {
        escalate("hard breach: " + notices.reasons(), "HARD_BREACH", SYSTEM);
        return;
      }
      if (now >= deadlineMillis) {
        escalate("the remediation window expired without a cure", "DEADLINE_EXPIRED", SYSTEM);
        return;
      }
      reminders.sendDue(deadlineMillis, now, decisions.extended());
      if (Workflow.getInfo().isContinueAsNewSuggested()) {
        // An accepted escalation or waiver waits for this loop, so it is served before moving on.
        Workflow.await(() -> Workflow.isEveryHandlerFinished() || leavingFor != null);
        if (leavingFor == null) {
          Workflow.continueAsNew(input.withDeadline(deadlineMillis).withResume(resumeState()));
        }
        continue;
      }
      long observedDeadline = deadlineMillis;
      Workflow.await(
          Duration.ofMillis(reminders.nextWakeUp(deadlineMillis, now) - now),
          () ->
              notices.cured()
                  || notices.hardBreach()
                  || deadlineMillis != observedDeadline
                  || leavingFor != null);
    }
  }

  private void cure() {
    leavingFor = CallStatus.CURED;
    effects.liftOpeningRestrictions("cure", SYSTEM);
    effects.notify("call-cured", NotificationType.CALL_CURED);
    status = CallStatus.CURED;
    leavingFor = null;
    effects
        .progress(keys.status("cured"), "CALL_CURED")
        .moved(CallStatus.OPEN, status)
        .closing("cured")
        .because(notices.reasons())
        .record();
    decisions.lapseAll("the call was cured before a decision");
  }

  /** Moves the call to liquidation: at the deadline, on a hard breach, or by a supervisor. */
  private void escalate(String reason, String cause, String actor) {
    status = CallStatus.LIQUIDATING;
    leavingFor = null;
    currentStep = LiquidationStep.values()[0];
    recordEscalation(reason, cause, actor);
    decisions.lapseAll("the call was escalated to liquidation before a decision");
  }

  private void recordEscalation(String reason, String cause, String actor) {
    effects
        .progress(keys.status("liquidating"), "CALL_ESCALATED_" + cause)
        .moved(CallStatus.OPEN, status)
        .because(reason)
        .by(actor)
        .record();
  }

  /**
   * Ends the call WAIVED on the approval a second supervisor gave: the decision is recorded, the
   * restrictions of the open step are lifted (as for a cure, under the approver's name), the holder
   * is told, and the call closes. The facility stays ACTIVE.
   */
  private void waive(PendingWaiver waiver, String approver) {
    decisions.recordApproval();
    effects.liftOpeningRestrictions("waive", approver);
    status = CallStatus.WAIVED;
    leavingFor = null;
    effects.notify("call-waived", NotificationType.CALL_WAIVED);
    waivedOutcome = "waived: requested by " + waiver.requestedBy() + ", approved by " + approver;
    effects
        .progress(keys.status("waived"), "CALL_WAIVED")
        .moved(CallStatus.OPEN, status)
        .closing(waivedOutcome)
        .because(waiver.reason())
        .by(approver)
        .record();
    decisions.waiverApplied();
  }

  private CallOutcome liquidate() {
    effects.notify("liquidation-started", NotificationType.LIQUIDATION_STARTED);
    new LiquidationSteps(input, keys, effects, tasks, cure)
        .run(currentStep == null ? LiquidationStep.values()[0] : currentStep, s -> currentStep = s);
    status = CallStatus.LIQUIDATED;
    String outcome = "liquidated" + (cure.arrived() ? " (a cure arrived during liquidation)" : "");
    effects
        .progress(keys.status("liquidated"), "CALL_LIQUIDATED")
        .moved(CallStatus.LIQUIDATING, status)
        .closing(outcome)
        .record();
    effects.notify("liquidation-completed", NotificationType.LIQUIDATION_COMPLETED);
    return new CallOutcome(input.callId(), status, outcome);
  }

  @Override
  public void assessmentChanged(AssessmentNotice notice) {
    notices.heard(notice, status, cure);
  }

  @Override
  public void validateCompleteTask(TaskCompletion completion) {
    tasks.validate(completion, refusals);
  }

  @Override
  public TaskCompletionResult completeTask(TaskCompletion completion) {
    return tasks.complete(completion, () -> currentStep, cure, refusals);
  }

  @Override
  public CallState state(StateQuery query) {
    return new CallState(
        input.callId(),
        status,
        deadlineMillis,
        currentStep,
        tasks.awaitedTaskId(),
        tasks.completedTaskIds(),
        reminders.sent(),
        cure.arrived(),
        decisions.extensionTotal(),
        decisions.pendingWaivers(),
        resumeState(),
        refusals.pending());
  }

  // ---- Supervisors' actions: the rules live in SupervisorDecisions; the handlers here only do
  // what touches the call's status and deadline.

  @Override
  public void validateExtendDeadline(ExtensionRequest request) {
    decisions.validateExtension(request, current());
  }

  @Override
  public ExtensionGranted extendDeadline(ExtensionRequest request) {
    return decisions.extend(request, deadlineMillis, moved -> deadlineMillis = moved);
  }

  @Override
  public void validateEscalateNow(EscalationRequest request) {
    decisions.validateEscalation(request, current());
  }

  @Override
  public EscalationResult escalateNow(EscalationRequest request) {
    // The remediation loop escalates, so a supervisor's escalation can never race the deadline's.
    leavingFor = CallStatus.LIQUIDATING;
    decisions.acceptEscalation(request);
    Workflow.await(decisions::isEscalationApplied);
    return new EscalationResult(input.callId(), status);
  }

  @Override
  public void validateRequestWaiver(WaiverRequest request) {
    decisions.validateRequest(request, current());
  }

  @Override
  public WaiverResult requestWaiver(WaiverRequest request) {
    return decisions.request(request, this::current);
  }

  @Override
  public void validateApproveWaiver(WaiverDecision decision) {
    decisions.validateApproval(decision, current());
  }

  @Override
  public WaiverResult approveWaiver(WaiverDecision decision) {
    PendingWaiver waiver = decisions.approve(decision);
    leavingFor = CallStatus.WAIVED;
    Workflow.await(decisions::isWaiverApplied);
    return new WaiverResult(waiver.waiverId(), WaiverDecisionRecord.APPROVED, status);
  }

  @Override
  public void validateRejectWaiver(WaiverDecision decision) {
    decisions.validateRejection(decision, current());
  }

  @Override
  public WaiverResult rejectWaiver(WaiverDecision decision) {
    return decisions.reject(decision, current());
  }

  /** Whether the call is OPEN and staying so: the opening restrictions matter only then. */
  private boolean stillOpen() {
    return current() == CallStatus.OPEN;
  }

  /** The status validators judge by: where the call is going, once that is decided. */
  private CallStatus current() {
    return leavingFor != null ? leavingFor : status;
  }

  private ResumeState resumeState() {
    return new ResumeState(
        status,
        currentStep,
        tasks.completedTaskIds(),
        notices.pending(),
        decisions.extensionTotal(),
        decisions.pendingWaivers(),
        notices.last());
  }
}
