package org.margindesk.workflow;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.margindesk.activity.AuditEntry;
import org.margindesk.activity.CallProgress;
import org.margindesk.activity.CallRecordActivities;
import org.margindesk.activity.ExchangeActivities;
import org.margindesk.activity.FacilityCancellation;
import org.margindesk.activity.NotificationActivities;
import org.margindesk.activity.NotificationRequest;
import org.margindesk.activity.NotificationType;
import org.margindesk.activity.RestrictionCommand;
import org.margindesk.activity.SupervisorActivities;
import org.margindesk.activity.TaskActivities;
import org.margindesk.activity.TaskDone;
import org.margindesk.activity.TaskRequest;
import org.margindesk.activity.WaiverDecisionRecord;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.ExchangeRefusal;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.MarginCallIds;
import org.margindesk.domain.Restriction;
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
 * every change of status happens in one place and two of them can never race.
 */
public class MarginCallWorkflowImpl implements MarginCallWorkflow {
  static final String SYSTEM = "system";

  private final CallRecordActivities records =
      Workflow.newActivityStub(CallRecordActivities.class, LifecycleActivityOptions.standard());
  private final CallRecordActivities recordsLocal =
      Workflow.newLocalActivityStub(
          CallRecordActivities.class, LifecycleActivityOptions.restriction());
  private final ExchangeActivities exchange =
      Workflow.newActivityStub(ExchangeActivities.class, LifecycleActivityOptions.standard());
  private final ExchangeActivities exchangeLocal =
      Workflow.newLocalActivityStub(
          ExchangeActivities.class, LifecycleActivityOptions.restriction());
  private final NotificationActivities notifications =
      Workflow.newActivityStub(NotificationActivities.class, LifecycleActivityOptions.standard());
  private final TaskActivities tasks =
      Workflow.newActivityStub(TaskActivities.class, LifecycleActivityOptions.standard());
  private final SupervisorActivities supervisor =
      Workflow.newActivityStub(SupervisorActivities.class, LifecycleActivityOptions.standard());

  /** Version marker: a recovered call that was LIQUIDATING from the start reruns its opening. */
  static final String RECOVERED_IMMEDIATE_LIQUIDATION_OPENS =
      "recovered-immediate-liquidation-opens";

  private static final String IMMEDIATE_REASON =
      "the first assessment is LIQUIDATION: no grace period";
  private static final String IMMEDIATE_CAUSE = "IMMEDIATE_LIQUIDATION";

  /**
   * Version marker: a notice older than the newest one accepted is ignored (runs that started
   * before this rule applied every notice in arrival order).
   */
  static final String IGNORE_OVERTAKEN_NOTICES = "ignore-overtaken-notices";

  /** Version marker: task completions wait for an earlier cure to be audited first. */
  static final String COMPLETION_AFTER_NOTED_CURE = "completion-after-noted-cure";

  private CallInput input;
  private CallKeys keys;
  private CallStatus status;
  private long deadlineMillis;
  private LiquidationStep currentStep;
  private Assessment pendingAssessment;
  private AssessmentNotice lastNotice;
  private boolean curedDuringLiquidation;
  private boolean cureNoted;
  private String awaitedTaskId;
  private final Set<String> openedTasks = new LinkedHashSet<>();
  private final Set<String> completedTasks = new LinkedHashSet<>();
  private final Map<String, TaskCompletionResult> completions = new LinkedHashMap<>();
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
      open();
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
    decisions = new SupervisorDecisions(supervisor, callInput, keys);
    refusals = new ExchangeRefusals(tasks, callInput, openedTasks, completedTasks);
    deadlineMillis = callInput.deadlineMillis();
    ResumeState resume = callInput.resume();
    if (resume == null) {
      status =
          callInput.openingAssessment() == Assessment.LIQUIDATION
              ? CallStatus.LIQUIDATING
              : CallStatus.OPEN;
      return;
    }
    status = resume.status();
    currentStep = resume.currentStep();
    openedTasks.addAll(resume.doneTaskIds());
    completedTasks.addAll(resume.doneTaskIds());
    if (resume.latestAssessment() != null && resume.latestAssessment() != Assessment.MARGIN_CALL) {
      pendingAssessment = resume.latestAssessment();
    }
    lastNotice = resume.lastNotice();
  }

  private void open() {
    recordsLocal.recordOpened(OpenedCalls.of(input, status));
    // A refused restriction must not hold up the call: its deadline, reminders and escalation go on
    // while an operator sees to the refusal.
    refusals.restrictInBackground(
        exchangeLocal, restriction("open", Restriction.REDUCE_ONLY, true), this::stillOpen);
    refusals.restrictInBackground(
        exchangeLocal, restriction("open", Restriction.WITHDRAWALS, false), this::stillOpen);
    if (status == CallStatus.OPEN) {
      notifications.notify(
          notification(keys.notification("call-opened"), NotificationType.CALL_OPENED));
    }
    records.audit(
        new AuditEntry(
            keys.open("opened"),
            SYSTEM,
            "CALL_OPENED",
            input.callId(),
            input.accountId(),
            null,
            String.join("; ", input.triggerReasons()),
            null));
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
          Workflow.continueAsNew(snapshot());
        }
        continue;
      }
      long observedDeadline = deadlineMillis;
      Workflow.await(
          Duration.ofMillis(nextWakeUp(now) - now),
          () ->
              pendingAssessment == Assessment.HEALTHY
                  || pendingAssessment == Assessment.LIQUIDATION
                  || deadlineMillis != observedDeadline
                  || leavingFor != null);
    }
  }

  private void sendDueReminders(long now) {
    List<Long> due = new ArrayList<>();
    for (long offset : input.reminderOffsetsMillis()) {
      long at = deadlineMillis - offset;
      // A reminder earlier than the call itself (a window shorter than the offset) is never sent.
      if (at <= now && at >= input.openedAtMillis() && !remindersSent.contains(reminder(offset))) {
        due.add(offset);
      }
    }
    if (decisions.extended() && due.size() > 1) {
      // Right after an extension several reminders of the new deadline can be due at once; only
      // the nearest one tells the holder how much time is really left.
      long nearest = Collections.min(due);
      due.stream()
          .filter(offset -> offset != nearest)
          .map(this::reminder)
          .forEach(remindersSent::add);
      due = List.of(nearest);
    }
    for (long offset : due) {
      Map<String, String> figures = figures();
      figures.put("remaining", Duration.ofMillis(deadlineMillis - now).toString());
      notifications.notify(
          new NotificationRequest(
              decisions.extended() ? keys.reminder(offset, deadlineMillis) : keys.reminder(offset),
              NotificationType.REMINDER,
              input.callId(),
              input.accountId(),
              figures));
      remindersSent.add(reminder(offset));
    }
  }

  /**
   * The reminder's name in {@code remindersSent}: its offset, and once the deadline has moved, the
   * deadline too, so the new deadline's reminders go out again.
   */
  private String reminder(long offset) {
    return decisions.extended()
        ? key(offset) + "@" + java.time.Instant.ofEpochMilli(deadlineMillis)
        : key(offset);
  }

  private long nextWakeUp(long now) {
    long wake = deadlineMillis;
    for (long offset : input.reminderOffsetsMillis()) {
      long at = deadlineMillis - offset;
      if (at > now && at >= input.openedAtMillis() && at < wake) {
        wake = at;
      }
    }
    return wake;
  }

  private void cure() {
    leavingFor = CallStatus.CURED;
    refusals.restrict(exchange, restriction("cure", Restriction.REDUCE_ONLY, false));
    refusals.restrict(exchange, restriction("cure", Restriction.WITHDRAWALS, true));
    notifications.notify(
        notification(keys.notification("call-cured"), NotificationType.CALL_CURED));
    status = CallStatus.CURED;
    leavingFor = null;
    records.recordProgress(
        progress(keys.status("cured"), CallStatus.OPEN, true, "cured", "CALL_CURED", reasons()));
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
    records.recordProgress(
        progress(
            keys.status("liquidating"),
            CallStatus.OPEN,
            false,
            null,
            "CALL_ESCALATED_" + cause,
            reason,
            actor));
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
    refusals.restrict(
        exchange,
        new RestrictionCommand(
            keys.waive("reduce-only-off"),
            input.callId(),
            input.accountId(),
            Restriction.REDUCE_ONLY,
            false,
            approver));
    refusals.restrict(
        exchange,
        new RestrictionCommand(
            keys.waive("withdrawals-on"),
            input.callId(),
            input.accountId(),
            Restriction.WITHDRAWALS,
            true,
            approver));
    status = CallStatus.WAIVED;
    leavingFor = null;
    notifications.notify(
        notification(keys.notification("call-waived"), NotificationType.CALL_WAIVED));
    waivedOutcome = "waived: requested by " + waiver.requestedBy() + ", approved by " + approver;
    records.recordProgress(
        progress(
            keys.status("waived"),
            CallStatus.OPEN,
            true,
            waivedOutcome,
            "CALL_WAIVED",
            waiver.reason(),
            approver));
    waiverApplied = true;
  }

  private CallOutcome liquidate() {
    notifications.notify(
        notification(
            keys.notification("liquidation-started"), NotificationType.LIQUIDATION_STARTED));
    LiquidationStep from = currentStep == null ? LiquidationStep.values()[0] : currentStep;
    for (LiquidationStep step : from.fromHere()) {
      currentStep = step;
      noteCureDuringLiquidation();
      records.recordProgress(
          progress(
              keys.step(step, "started"),
              null,
              false,
              null,
              "LIQUIDATION_STEP_STARTED",
              step.number() + " " + step.name()));
      if (input.stepModes().getOrDefault(step, step.defaultMode()) == StepMode.AUTOMATIC) {
        new AutomaticSteps(exchange, records, input, keys, refusals).run(step);
      } else {
        awaitOperator(step);
      }
    }
    noteCureDuringLiquidation();
    records.cancelFacility(
        new FacilityCancellation(
            keys.status("facility-cancelled"), input.callId(), input.accountId()));
    status = CallStatus.LIQUIDATED;
    String outcome =
        "liquidated" + (curedDuringLiquidation ? " (a cure arrived during liquidation)" : "");
    records.recordProgress(
        progress(
            keys.status("liquidated"),
            CallStatus.LIQUIDATING,
            true,
            outcome,
            "CALL_LIQUIDATED",
            null));
    notifications.notify(
        notification(
            keys.notification("liquidation-completed"), NotificationType.LIQUIDATION_COMPLETED));
    return new CallOutcome(input.callId(), status, outcome);
  }

  private void awaitOperator(LiquidationStep step) {
    String taskId = MarginCallIds.taskId(input.callId(), step);
    if (completedTasks.contains(taskId)) {
      return;
    }
    String taskStatus =
        tasks.openTask(new TaskRequest(taskId, input.callId(), input.accountId(), step.name()));
    openedTasks.add(taskId);
    if ("DONE".equals(taskStatus)) {
      completedTasks.add(taskId);
      return;
    }
    awaitedTaskId = taskId;
    while (!completedTasks.contains(taskId)) {
      // A cure while an operator works is noted at once, though it does not stop liquidation.
      Workflow.await(
          () -> completedTasks.contains(taskId) || (curedDuringLiquidation && !cureNoted));
      noteCureDuringLiquidation();
    }
    awaitedTaskId = null;
  }

  private void noteCureDuringLiquidation() {
    if (curedDuringLiquidation && !cureNoted) {
      records.audit(
          new AuditEntry(
              keys.status("cure-during-liquidation"),
              SYSTEM,
              "CURE_DURING_LIQUIDATION",
              input.callId(),
              input.accountId(),
              null,
              "the account recovered during liquidation; liquidation continues",
              null));
      cureNoted = true;
    }
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
      curedDuringLiquidation = true;
    }
  }

  @Override
  public void validateCompleteTask(TaskCompletion completion) {
    if (completion == null || isBlank(completion.taskId())) {
      throw new IllegalArgumentException("taskId is required");
    }
    if (isBlank(completion.actor())) {
      throw new IllegalArgumentException("actor is required");
    }
    if (completion.approvedBy() != null && completion.approvedBy().equals(completion.actor())) {
      // Four-eyes: the task service never sends this; the workflow refuses it all the same.
      throw new IllegalArgumentException("the approver must not be the person who completed");
    }
    if (!openedTasks.contains(completion.taskId())) {
      throw new IllegalArgumentException("unknown task " + completion.taskId());
    }
    if (completedTasks.contains(completion.taskId())) {
      throw new IllegalArgumentException("task " + completion.taskId() + " is already completed");
    }
    if (!completion.taskId().equals(awaitedTaskId) && !refusals.isPending(completion.taskId())) {
      // A refused effect's task is resolved whenever the operator is ready, awaited or not.
      throw new IllegalArgumentException("task " + completion.taskId() + " is not awaited");
    }
    ExchangeRefusal.completion(
            refusals.isPending(completion.taskId()) ? ExchangeRefusal.TASK_TYPE : null,
            completion.resolution(),
            completion.evidenceJson())
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem.field() + ": " + problem.message());
            });
    String evidence = completion.evidenceJson();
    if (evidence != null && !evidence.isBlank() && !evidence.trim().startsWith("{")) {
      throw new IllegalArgumentException("evidence must be a JSON object");
    }
  }

  @Override
  public TaskCompletionResult completeTask(TaskCompletion completion) {
    TaskCompletionResult earlier = completions.get(completion.taskId());
    if (earlier != null) {
      return earlier;
    }
    if (Workflow.getVersion(COMPLETION_AFTER_NOTED_CURE, Workflow.DEFAULT_VERSION, 1) >= 1) {
      // A cure that reached the call before this completion is audited before it: otherwise the
      // two activities are scheduled in one workflow task and the trail's order is up to chance.
      Workflow.await(() -> !curedDuringLiquidation || cureNoted);
    }
    try {
      tasks.completeTask(
          new TaskDone(
              completion.taskId(),
              input.callId(),
              input.accountId(),
              completion.actor(),
              completion.note(),
              completion.evidenceJson(),
              completion.approvedBy(),
              completion.claimRequired(),
              completion.resolution() == null ? null : completion.resolution().name()));
    } catch (ActivityFailure e) {
      // The task stays awaited; the caller hears why.
      throw ApplicationFailure.newFailureWithCause(
          "task " + completion.taskId() + " could not be completed", "TASK_NOT_COMPLETED", e);
    }
    TaskCompletionResult result =
        new TaskCompletionResult(completion.taskId(), currentStep, completion.actor());
    completions.put(completion.taskId(), result);
    completedTasks.add(completion.taskId());
    refusals.resolved(completion.taskId(), completion.resolution());
    return result;
  }

  @Override
  public CallState state(StateQuery query) {
    return new CallState(
        input.callId(),
        status,
        deadlineMillis,
        currentStep,
        awaitedTaskId,
        List.copyOf(completedTasks),
        List.copyOf(remindersSent),
        curedDuringLiquidation,
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
        List.copyOf(completedTasks),
        pendingAssessment,
        decisions.extensionTotal(),
        decisions.pendingWaivers(),
        lastNotice);
  }

  private CallInput snapshot() {
    return new CallInput(
            input.callId(),
            input.accountId(),
            input.callNumber(),
            input.openingAssessment(),
            input.triggerReasons(),
            input.policy(),
            input.figures(),
            input.openedAtMillis(),
            deadlineMillis,
            input.reminderOffsetsMillis(),
            input.stepModes(),
            null)
        .withResume(resumeState());
  }

  private RestrictionCommand restriction(String phase, Restriction what, boolean enabled) {
    String key =
        "cure".equals(phase)
            ? keys.cure(what.path() + (enabled ? "-on" : "-off"))
            : MarginCallIds.openingRestrictionKey(input.callId(), what, enabled);
    return new RestrictionCommand(key, input.callId(), input.accountId(), what, enabled, SYSTEM);
  }

  private CallProgress progress(
      String key, CallStatus from, boolean closed, String outcome, String action, String reason) {
    return progress(key, from, closed, outcome, action, reason, SYSTEM);
  }

  private CallProgress progress(
      String key,
      CallStatus from,
      boolean closed,
      String outcome,
      String action,
      String reason,
      String actor) {
    return new CallProgress(
        key,
        input.callId(),
        input.accountId(),
        from == null ? null : from.name(),
        from == null ? null : status.name(),
        currentStep == null ? null : currentStep.name(),
        closed,
        outcome,
        actor,
        action,
        reason);
  }

  private NotificationRequest notification(String key, NotificationType type) {
    return new NotificationRequest(key, type, input.callId(), input.accountId(), figures());
  }

  private Map<String, String> figures() {
    Map<String, String> figures = new LinkedHashMap<>(input.figures());
    figures.put("deadline", java.time.Instant.ofEpochMilli(deadlineMillis).toString());
    figures.put("status", status.name());
    return figures;
  }

  private String reasons() {
    return lastNotice == null ? "" : String.join("; ", lastNotice.reasons());
  }

  private static String key(long offset) {
    return Duration.ofMillis(offset).toString();
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
