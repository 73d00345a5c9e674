package org.margindesk.workflow;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.margindesk.activity.SupervisorActivities;
import org.margindesk.activity.TaskActivities;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.ReminderSchedule;
import org.margindesk.domain.WaiverStatus;
import org.margindesk.workflow.messages.commands.AssessmentNotice;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.commands.EscalationRequest;
import org.margindesk.workflow.messages.commands.ExtensionRequest;
import org.margindesk.workflow.messages.commands.ResumeState;
import org.margindesk.workflow.messages.commands.TaskCompletion;
import org.margindesk.workflow.messages.commands.WaiverDecision;
import org.margindesk.workflow.messages.commands.WaiverRequest;
import org.margindesk.workflow.messages.queries.CallState;
import org.margindesk.workflow.messages.queries.StateQuery;
import org.margindesk.workflow.messages.values.CallOutcome;
import org.margindesk.workflow.messages.values.EscalationResult;
import org.margindesk.workflow.messages.values.ExtensionGranted;
import org.margindesk.workflow.messages.values.PendingWaiver;
import org.margindesk.workflow.messages.values.TaskCompletionResult;
import org.margindesk.workflow.messages.values.WaiverResult;

/**
 * The margin-call lifecycle of seed 004: open (restrict at once), remediation until cure, hard
 * breach or deadline, then the five liquidation steps. Supervisors may extend the deadline,
 * escalate at once, or waive the call with a second supervisor's approval. Handlers only change
 * fields (and record what they accepted); the main method moves on with {@code Workflow.await}, so
 * every change of status happens in one place and two of them can never race. The rest is
 * delegated: {@link Transitions} and {@link LiquidationSteps} change the call, {@link CallEffects}
 * builds its effects, {@link OperatorTasks} and {@link SupervisorDecisions} hold what people asked
 * for, {@link ExchangeRefusals} what the exchange refused.
 */
public class MarginCallWorkflowImpl implements MarginCallWorkflow {
  static final String SYSTEM = "system";

  /** Version marker: a recovered call that was LIQUIDATING from the start reruns its opening. */
  static final String RECOVERED_IMMEDIATE_LIQUIDATION_OPENS =
      "recovered-immediate-liquidation-opens";

  private static final String IMMEDIATE_REASON =
      "the first assessment is LIQUIDATION: no grace period";
  private static final String IMMEDIATE_CAUSE = "IMMEDIATE_LIQUIDATION";

  // Built before run() reads its input: a signal, an update or its validator can come first.
  private final CallPosition call = new CallPosition();
  private final AssessmentNotices notices = new AssessmentNotices();
  private final SupervisorDecisions decisions =
      new SupervisorDecisions(ActivityStubs.remote(SupervisorActivities.class));
  private final TaskActivities tasksRemote = ActivityStubs.remote(TaskActivities.class);
  private final OperatorTasks tasks = new OperatorTasks(tasksRemote);

  private CallInput input;
  private ExchangeRefusals refusals;
  private CallEffects effects;
  private Transitions transitions;
  private LiquidationSteps liquidation;
  private Reminders reminders;

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
    if (input.resume() == null || call.status == CallStatus.OPEN || reopenImmediate) {
      // Rerunning the open step for a recovered call is safe (every effect is keyed) and covers a
      // call whose row was committed but whose workflow never started or never finished opening.
      effects.open();
    }
    String waived = null;
    if (call.status == CallStatus.OPEN) {
      waived = remediate();
    } else if (input.resume() == null) {
      transitions.escalate(IMMEDIATE_REASON, IMMEDIATE_CAUSE, SYSTEM);
    } else if (reopenImmediate) {
      // The step is kept: the recovered call goes on where it was.
      transitions.recordEscalation(IMMEDIATE_REASON, IMMEDIATE_CAUSE, SYSTEM);
    }
    CallOutcome outcome =
        switch (call.status) {
          case CURED -> new CallOutcome(input.callId(), call.status, "cured");
          case WAIVED -> new CallOutcome(input.callId(), call.status, waived);
          default -> liquidation.run();
        };
    // A refusal still waited out in the background closes its task before the call ends.
    Workflow.await(refusals::settled);
    Workflow.await(Workflow::isEveryHandlerFinished);
    return outcome;
  }

  private void start(CallInput callInput) {
    input = callInput;
    CallKeys keys = new CallKeys(callInput.callId());
    tasks.start(callInput);
    decisions.start(callInput, keys);
    refusals = new ExchangeRefusals(tasks, callInput);
    effects = new CallEffects(callInput, keys, refusals, call);
    if (effects.startsLiquidationTogether()) {
      tasks.openLocalFirst(
          LocalFirst.stub(
              TaskActivities.class, ActivityStubs.local(TaskActivities.class), tasksRemote));
    }
    transitions = new Transitions(call, keys, effects, decisions);
    liquidation = new LiquidationSteps(callInput, call, keys, effects, tasks);
    reminders =
        new Reminders(
            new ReminderSchedule(callInput.reminderOffsetsMillis(), callInput.openedAtMillis()),
            effects);
    call.deadlineMillis = callInput.deadlineMillis();
    ResumeState resume = callInput.resume();
    if (resume == null) {
      call.status = CallStatus.openingFor(callInput.openingAssessment());
      return;
    }
    call.status = resume.status();
    call.currentStep = resume.currentStep();
    notices.resume(resume);
  }

  /**
   * Waits out the remediation window until something ends it.
   *
   * @return the outcome of a waiver; null for the other endings
   */
  private String remediate() {
    while (call.status == CallStatus.OPEN) {
      long now = Workflow.currentTimeMillis();
      // A supervisor's decision was accepted while the call was OPEN, so it comes first.
      if (decisions.waiverToApply() != null) {
        return transitions.waive(decisions.waiverToApply(), decisions.approver());
      }
      EscalationRequest escalation = decisions.escalationToApply();
      if (escalation != null) {
        transitions.escalate(escalation.reason(), "BY_SUPERVISOR", escalation.actor());
        decisions.escalationApplied();
      } else if (notices.cured()) {
        transitions.cure(notices.reasons());
      } else if (notices.hardBreach()) {
        transitions.escalate("hard breach: " + notices.reasons(), "HARD_BREACH", SYSTEM);
      } else if (now >= call.deadlineMillis) {
        transitions.escalate(
            "the remediation window expired without a cure", "DEADLINE_EXPIRED", SYSTEM);
      } else {
        reminders.sendDue(call.deadlineMillis, now, decisions.extended());
        awaitChange(now);
      }
    }
    return null;
  }

  /** Sleeps until the next reminder or the deadline, or until something changes the call. */
  private void awaitChange(long now) {
    if (Workflow.getInfo().isContinueAsNewSuggested()) {
      // An accepted escalation or waiver waits for the remediation loop, so it is served first.
      Workflow.await(() -> Workflow.isEveryHandlerFinished() || call.leavingFor != null);
      if (call.leavingFor == null) {
        Workflow.continueAsNew(input.withDeadline(call.deadlineMillis).withResume(resumeState()));
      }
      return;
    }
    long observedDeadline = call.deadlineMillis;
    Workflow.await(
        Duration.ofMillis(reminders.nextWakeUp(call.deadlineMillis, now) - now),
        () ->
            notices.cured()
                || notices.hardBreach()
                || call.deadlineMillis != observedDeadline
                || call.leavingFor != null);
  }

  @Override
  public void assessmentChanged(AssessmentNotice notice) {
    notices.heard(notice, call.status, effects == null ? null : effects.cureDuringLiquidation());
  }

  @Override
  public void validateCompleteTask(TaskCompletion completion) {
    tasks.validate(completion, refusals);
  }

  @Override
  public TaskCompletionResult completeTask(TaskCompletion completion) {
    return tasks.complete(
        completion, () -> call.currentStep, effects.cureDuringLiquidation(), refusals);
  }

  @Override
  public CallState state(StateQuery query) {
    return new CallState(
        input.callId(),
        call.status,
        call.deadlineMillis,
        call.currentStep,
        tasks.awaitedTaskId(),
        tasks.completedTaskIds(),
        reminders.sent(),
        effects.cureDuringLiquidation().arrived(),
        decisions.extensionTotal(),
        decisions.pendingWaivers(),
        resumeState(),
        refusals.pending());
  }

  // ---- Supervisors' actions: the rules live in SupervisorDecisions; the handlers here only do
  // what touches the call's status and deadline.

  @Override
  public void validateExtendDeadline(ExtensionRequest request) {
    decisions.validateExtension(request, call.current());
  }

  @Override
  public ExtensionGranted extendDeadline(ExtensionRequest request) {
    return decisions.extend(request, call.deadlineMillis, moved -> call.deadlineMillis = moved);
  }

  @Override
  public void validateEscalateNow(EscalationRequest request) {
    decisions.validateEscalation(request, call.current());
  }

  @Override
  public EscalationResult escalateNow(EscalationRequest request) {
    // The remediation loop escalates, so a supervisor's escalation can never race the deadline's.
    call.leavingFor = CallStatus.LIQUIDATING;
    decisions.acceptEscalation(request);
    Workflow.await(decisions::isEscalationApplied);
    return new EscalationResult(input.callId(), call.status);
  }

  @Override
  public void validateRequestWaiver(WaiverRequest request) {
    decisions.validateRequest(request, call.current());
  }

  @Override
  public WaiverResult requestWaiver(WaiverRequest request) {
    return decisions.request(request, call::current);
  }

  @Override
  public void validateApproveWaiver(WaiverDecision decision) {
    decisions.validateApproval(decision, call.current());
  }

  @Override
  public WaiverResult approveWaiver(WaiverDecision decision) {
    PendingWaiver waiver = decisions.approve(decision);
    call.leavingFor = CallStatus.WAIVED;
    Workflow.await(decisions::isWaiverApplied);
    return new WaiverResult(waiver.waiverId(), WaiverStatus.APPROVED, call.status);
  }

  @Override
  public void validateRejectWaiver(WaiverDecision decision) {
    decisions.validateRejection(decision, call.current());
  }

  @Override
  public WaiverResult rejectWaiver(WaiverDecision decision) {
    return decisions.reject(decision, call.current());
  }

  private ResumeState resumeState() {
    return new ResumeState(
        call.status,
        call.currentStep,
        tasks.completedTaskIds(),
        notices.pending(),
        decisions.extensionTotal(),
        decisions.pendingWaivers(),
        notices.last());
  }
}
