package org.margindesk.workflow;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.margindesk.activity.NotificationType;
import org.margindesk.activity.SupervisorActivities;
import org.margindesk.activity.TaskActivities;
import org.margindesk.activity.WaiverDecisionRecord;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.ReminderSchedule;
import org.margindesk.domain.StepMode;
import org.margindesk.domain.SupervisorRules;
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

  /**
   * Version marker: a notice older than the newest one accepted is ignored (runs that started
   * before this rule applied every notice in arrival order).
   */
  static final String IGNORE_OVERTAKEN_NOTICES = "ignore-overtaken-notices";

  private static final String IMMEDIATE_REASON =
      "the first assessment is LIQUIDATION: no grace period";
  private static final String IMMEDIATE_CAUSE = "IMMEDIATE_LIQUIDATION";

  private final SupervisorActivities supervisor =
      Workflow.newActivityStub(SupervisorActivities.class, LifecycleActivityOptions.standard());
  private final OperatorTasks tasks =
      new OperatorTasks(
          Workflow.newActivityStub(TaskActivities.class, LifecycleActivityOptions.standard()));

  private CallInput input;
  private CallKeys keys;
  private ReminderSchedule reminders;
  private CallStatus status;
  private long deadlineMillis;
  private LiquidationStep currentStep;
  private Assessment pendingAssessment;
  private AssessmentNotice lastNotice;
  private CallEffects effects;
  private CureDuringLiquidation cure;
  private final List<String> remindersSent = new ArrayList<>();

  /**
   * The status the call is committed to while the main method is still getting there (a cure in
   * progress, an accepted escalation or waiver): validators judge by it, so nothing is accepted
   * that the call is about to stop allowing.
   */
  private CallStatus leavingFor;

  private SupervisorDecisions decisions;
  private ExchangeRefusals refusals;
  private EscalationRequest escalationRequest;
  private boolean escalationRecorded;
  private PendingWaiver waiverToApply;
  private WaiverDecision waiverApproval;
  private boolean waiverApplied;
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
    reminders = new ReminderSchedule(callInput.reminderOffsetsMillis(), callInput.openedAtMillis());
    tasks.start(callInput);
    decisions = new SupervisorDecisions(supervisor, callInput, keys);
    refusals = new ExchangeRefusals(tasks, callInput);
    effects =
        new CallEffects(
            callInput, keys, refusals, () -> status, () -> deadlineMillis, () -> currentStep);
    cure = effects.cureDuringLiquidation();
    deadlineMillis = callInput.deadlineMillis();
    ResumeState resume = callInput.resume();
    if (resume == null) {
      status = CallStatus.openingFor(callInput.openingAssessment());
      return;
    }
    status = resume.status();
    currentStep = resume.currentStep();
    if (resume.latestAssessment() != null && resume.latestAssessment() != Assessment.MARGIN_CALL) {
      pendingAssessment = resume.latestAssessment();
    }
    lastNotice = resume.lastNotice();
  }

  private void remediate() {
    while (status == CallStatus.OPEN) {
      long now = Workflow.currentTimeMillis();
      // A supervisor's decision was accepted while the call was OPEN, so it comes first.
      if (waiverToApply != null) {
        waive();
        return;
      }
      if (escalationRequest != null) {
        escalate(escalationRequest.reason(), "BY_SUPERVISOR", escalationRequest.actor());
        escalationRecorded = true;
        return;
      }
      if (pendingAssessment == Assessment.HEALTHY) {
        cure();
        return;
      }
      if (pendingAssessment == Assessment.LIQUIDATION) {
        escalate("hard breach: " + reasons(), "HARD_BREACH", SYSTEM);
        return;
      }
      if (now >= deadlineMillis) {
        escalate("the remediation window expired without a cure", "DEADLINE_EXPIRED", SYSTEM);
        return;
      }
      sendDueReminders(now);
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
              pendingAssessment == Assessment.HEALTHY
                  || pendingAssessment == Assessment.LIQUIDATION
                  || deadlineMillis != observedDeadline
                  || leavingFor != null);
    }
  }

  private void sendDueReminders(long now) {
    ReminderSchedule.Due due =
        reminders.due(deadlineMillis, now, decisions.extended(), remindersSent);
    remindersSent.addAll(due.passedOver());
    for (String reminder : due.toSend()) {
      effects.remind(reminder, now);
      remindersSent.add(reminder);
    }
  }

  private void cure() {
    leavingFor = CallStatus.CURED;
    effects.liftOpeningRestrictions("cure", SYSTEM);
    effects.notify("call-cured", NotificationType.CALL_CURED);
    status = CallStatus.CURED;
    leavingFor = null;
    effects.record(
        effects
            .progress(keys.status("cured"), "CALL_CURED")
            .moved(CallStatus.OPEN, status)
            .closing("cured")
            .because(reasons()));
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
    effects.record(
        effects
            .progress(keys.status("liquidating"), "CALL_ESCALATED_" + cause)
            .moved(CallStatus.OPEN, status)
            .because(reason)
            .by(actor));
  }

  /**
   * Ends the call WAIVED on the approval a second supervisor gave: the decision is recorded, the
   * restrictions of the open step are lifted (as for a cure, under the approver's name), the holder
   * is told, and the call closes. The facility stays ACTIVE.
   */
  private void waive() {
    PendingWaiver waiver = waiverToApply;
    String approver = waiverApproval.actor();
    decisions.recordApproval(waiver, waiverApproval);
    effects.liftOpeningRestrictions("waive", approver);
    status = CallStatus.WAIVED;
    leavingFor = null;
    effects.notify("call-waived", NotificationType.CALL_WAIVED);
    waivedOutcome = "waived: requested by " + waiver.requestedBy() + ", approved by " + approver;
    effects.record(
        effects
            .progress(keys.status("waived"), "CALL_WAIVED")
            .moved(CallStatus.OPEN, status)
            .closing(waivedOutcome)
            .because(waiver.reason())
            .by(approver));
    waiverApplied = true;
  }

  private CallOutcome liquidate() {
    effects.notify("liquidation-started", NotificationType.LIQUIDATION_STARTED);
    LiquidationStep from = currentStep == null ? LiquidationStep.values()[0] : currentStep;
    for (LiquidationStep step : from.fromHere()) {
      currentStep = step;
      cure.noteIfArrived();
      effects.record(
          effects
              .progress(keys.step(step, "started"), "LIQUIDATION_STEP_STARTED")
              .because(step.number() + " " + step.name()));
      if (input.stepModes().getOrDefault(step, step.defaultMode()) == StepMode.AUTOMATIC) {
        effects.runAutomatically(step);
      } else {
        tasks.awaitStep(step, cure);
      }
    }
    cure.noteIfArrived();
    effects.cancelFacility();
    status = CallStatus.LIQUIDATED;
    String outcome = "liquidated" + (cure.arrived() ? " (a cure arrived during liquidation)" : "");
    effects.record(
        effects
            .progress(keys.status("liquidated"), "CALL_LIQUIDATED")
            .moved(CallStatus.LIQUIDATING, status)
            .closing(outcome));
    effects.notify("liquidation-completed", NotificationType.LIQUIDATION_COMPLETED);
    return new CallOutcome(input.callId(), status, outcome);
  }

  @Override
  public void assessmentChanged(AssessmentNotice notice) {
    if (Workflow.getVersion(IGNORE_OVERTAKEN_NOTICES, Workflow.DEFAULT_VERSION, 1) >= 1
        && lastNotice != null
        && notice.asOfMillis() < lastNotice.asOfMillis()) {
      // A redelivered or overtaken notice: the account's newer state is already known here.
      return;
    }
    lastNotice = notice;
    if (status == CallStatus.OPEN) {
      // A hard breach, once seen, stands: seed 004 liquidates "at any time" it happens.
      if (pendingAssessment != Assessment.LIQUIDATION) {
        pendingAssessment = notice.assessment();
      }
    } else if (status == CallStatus.LIQUIDATING && notice.assessment() == Assessment.HEALTHY) {
      cure.arrive();
    }
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
        List.copyOf(remindersSent),
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
    started().decisions.validateExtension(request, current());
  }

  @Override
  public ExtensionGranted extendDeadline(ExtensionRequest request) {
    return decisions.extend(request, deadlineMillis, moved -> deadlineMillis = moved);
  }

  @Override
  public void validateEscalateNow(EscalationRequest request) {
    started().decisions.validateEscalation(request, current());
  }

  @Override
  public EscalationResult escalateNow(EscalationRequest request) {
    // The remediation loop escalates, so a supervisor's escalation can never race the deadline's.
    leavingFor = CallStatus.LIQUIDATING;
    escalationRequest = request;
    Workflow.await(() -> escalationRecorded);
    return new EscalationResult(input.callId(), status);
  }

  @Override
  public void validateRequestWaiver(WaiverRequest request) {
    started().decisions.validateRequest(request, current());
  }

  @Override
  public WaiverResult requestWaiver(WaiverRequest request) {
    return decisions.request(request, this::current);
  }

  @Override
  public void validateApproveWaiver(WaiverDecision decision) {
    started().decisions.validateApproval(decision, current());
  }

  @Override
  public WaiverResult approveWaiver(WaiverDecision decision) {
    PendingWaiver waiver = decisions.approve(decision);
    leavingFor = CallStatus.WAIVED;
    waiverToApply = waiver;
    waiverApproval = decision;
    Workflow.await(() -> waiverApplied);
    return new WaiverResult(waiver.waiverId(), WaiverDecisionRecord.APPROVED, status);
  }

  @Override
  public void validateRejectWaiver(WaiverDecision decision) {
    started().decisions.validateRejection(decision, current());
  }

  @Override
  public WaiverResult rejectWaiver(WaiverDecision decision) {
    return decisions.reject(decision, current());
  }

  /**
   * Validators can be asked before the workflow method has read its input; such a request is
   * refused as too early rather than failing on missing state.
   */
  private MarginCallWorkflowImpl started() {
    if (decisions == null) {
      throw LifecycleFailure.refused(
          new SupervisorRules.Refusal(
              SupervisorRules.Kind.WRONG_STATUS, null, "the call is still starting; try again"));
    }
    return this;
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
        pendingAssessment,
        decisions.extensionTotal(),
        decisions.pendingWaivers(),
        lastNotice);
  }

  private String reasons() {
    return lastNotice == null ? "" : String.join("; ", lastNotice.reasons());
  }
}
