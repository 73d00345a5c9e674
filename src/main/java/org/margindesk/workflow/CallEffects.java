package org.margindesk.workflow;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.margindesk.activity.AuditEntry;
import org.margindesk.activity.CallChanges;
import org.margindesk.activity.CallOpening;
import org.margindesk.activity.CallProgress;
import org.margindesk.activity.CallRecordActivities;
import org.margindesk.activity.ExchangeActivities;
import org.margindesk.activity.FacilityCancellation;
import org.margindesk.activity.LiquidatingOpened;
import org.margindesk.activity.NotificationActivities;
import org.margindesk.activity.NotificationRequest;
import org.margindesk.activity.NotificationType;
import org.margindesk.activity.OpenedCall;
import org.margindesk.activity.RestrictionCommand;
import org.margindesk.activity.TaskRequest;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.MarginCallIds;
import org.margindesk.domain.Restriction;
import org.margindesk.domain.TaskStatus;
import org.margindesk.workflow.messages.commands.CallInput;

/**
 * What one call does to the world (the exchange, the holder, the read model and the trail), each
 * effect built with its deterministic key. Deterministic workflow code: it only schedules
 * activities; when and why stays with {@link MarginCallWorkflowImpl}. The call's status, deadline
 * and step are read as they are at the moment of each effect.
 */
final class CallEffects {
  /**
   * Version marker: the opening's row, notice and record are written by one (local) activity, no
   * longer by one local and two ordinary activities, each with its own workflow task.
   */
  static final String OPENING_IN_ONE_TRANSACTION = "opening-in-one-transaction";

  /**
   * Version marker, read once when a run starts: every effect after the opening (liquidation steps,
   * progress records, notices, lifted restrictions) runs {@link LocalFirst local first}, as the
   * opening does, instead of as an ordinary activity with a server round trip and a workflow task
   * of its own. A run that began without it keeps ordinary activities to its end.
   */
  static final String EFFECTS_LOCAL_FIRST = "effects-local-first";

  /**
   * {@link #EFFECTS_LOCAL_FIRST}'s second version: besides, liquidation starts with one activity
   * (the escalation's record, the holder's notice and the first step's record, {@link
   * #startLiquidation}), operator tasks are opened and closed local first, and a later manual
   * step's start is recorded by the activity that opens its task. A run that began with the first
   * version keeps its separate records and its tasks through the server.
   */
  static final int LIQUIDATION_STARTS_TOGETHER = 2;

  /**
   * {@link #EFFECTS_LOCAL_FIRST}'s third version: a call that opens liquidating looks its first
   * step's restrictions up with the opening ones, since ingestion sends them with the opening
   * restrictions ({@link LiquidationStep#firstStepAtOpening}); the step sends only those not on
   * record. A new call that opens liquidating writes its opening and liquidation's first records
   * with one activity. A run that began with an earlier version sends both restrictions and records
   * its opening on its own, as before.
   */
  static final int FIRST_STEP_AT_OPENING = 3;

  /**
   * {@link #EFFECTS_LOCAL_FIRST}'s fourth version: a new call that opens liquidating, whose first
   * step is automatic and whose second is manual, asks the activity that writes its opening to open
   * the second step's operator task too, if ingestion took the first step ({@link
   * CallRecordActivities#recordLiquidatingOpening}). A run that began with an earlier version opens
   * that task with an activity of its own. A run with this version no longer reads {@link
   * #OPENING_IN_ONE_TRANSACTION}: it opens in one transaction.
   */
  static final int TASK_WITH_OPENING = 4;

  private final CallRecordActivities recordsRemote =
      ActivityStubs.remote(CallRecordActivities.class);
  // Local stubs run in this worker with no poll: always for the opening (the safety-critical
  // path), and for every later effect once the run took EFFECTS_LOCAL_FIRST.
  private final CallRecordActivities recordsLocal = ActivityStubs.local(CallRecordActivities.class);
  private final ExchangeActivities exchangeRemote = ActivityStubs.remote(ExchangeActivities.class);
  private final ExchangeActivities exchangeLocal = ActivityStubs.local(ExchangeActivities.class);
  private final NotificationActivities notificationsRemote =
      ActivityStubs.remote(NotificationActivities.class);
  private final CallRecordActivities records;
  private final ExchangeActivities exchange;
  private final NotificationActivities notifications;

  private final CallInput input;
  private final CallKeys keys;
  private final ExchangeRefusals refusals;
  private final CallPosition call;
  private final CureDuringLiquidation cure;
  private final boolean startsLiquidationTogether;
  private final boolean firstStepAtOpening;
  private final boolean taskWithOpening;

  /** Effects the workflow would send that were on record when the call opened (by ingestion). */
  private Set<String> doneAtOpening = Set.of();

  /**
   * A new call that opens liquidating ({@link #FIRST_STEP_AT_OPENING}): its opening, held back to
   * be written with liquidation's first records by one activity ({@link #startLiquidation}, the
   * next thing such a call records), and the first step's keys it looks up.
   */
  private CallOpening heldOpening;

  private List<String> heldFirstStep = List.of();

  /** The escalation's record, held back to be written with the first liquidation step's. */
  private CallProgress heldEscalation;

  CallEffects(CallInput input, CallKeys keys, ExchangeRefusals refusals, CallPosition call) {
    this.input = input;
    this.keys = keys;
    this.refusals = refusals;
    this.call = call;
    int version =
        Workflow.getVersion(EFFECTS_LOCAL_FIRST, Workflow.DEFAULT_VERSION, TASK_WITH_OPENING);
    startsLiquidationTogether = version >= LIQUIDATION_STARTS_TOGETHER;
    firstStepAtOpening = version >= FIRST_STEP_AT_OPENING;
    taskWithOpening = version >= TASK_WITH_OPENING;
    if (version == Workflow.DEFAULT_VERSION) {
      records = recordsRemote;
      exchange = exchangeRemote;
      notifications = notificationsRemote;
    } else {
      // In a shock a quarter of the calls liquidate at once: through the server, each of their
      // effects cost a round trip and a workflow task, more than opening the call did.
      records = LocalFirst.stub(CallRecordActivities.class, recordsLocal, recordsRemote);
      exchange = LocalFirst.stub(ExchangeActivities.class, exchangeLocal, exchangeRemote);
      notifications =
          LocalFirst.stub(
              NotificationActivities.class,
              ActivityStubs.local(NotificationActivities.class),
              notificationsRemote);
    }
    this.cure = new CureDuringLiquidation(records, input, keys);
  }

  CureDuringLiquidation cureDuringLiquidation() {
    return cure;
  }

  /** Whether this run took {@link #LIQUIDATION_STARTS_TOGETHER}. */
  boolean startsLiquidationTogether() {
    return startsLiquidationTogether;
  }

  /**
   * Holds the escalation's record back until {@link #startLiquidation}, which writes it first: only
   * for a run that took {@link #LIQUIDATION_STARTS_TOGETHER}, and only when nothing is recorded in
   * between, so the trail's order is the same either way.
   */
  void recordWhenLiquidationStarts(Progress escalation) {
    heldEscalation = escalation.build();
  }

  /**
   * Liquidation's first records: the escalation (if held back), the holder's notice and the first
   * step's record, in one transaction. A cure that arrived before it is noted between the notice
   * and the step's record, as it was when each was written on its own.
   *
   * @param nextStepTask the next manual step's task, to open in that transaction if the first step
   *     needs nothing sent ({@link #TASK_WITH_OPENING}); null for none
   * @return the task's status if it was opened; null if it was not, and the step opens it itself
   */
  TaskStatus startLiquidation(Progress firstStep, TaskRequest nextStepTask) {
    List<CallProgress> changes = new ArrayList<>();
    if (heldEscalation != null) {
      changes.add(heldEscalation);
      heldEscalation = null;
    }
    NotificationRequest started =
        notice("liquidation-started", NotificationType.LIQUIDATION_STARTED);
    if (cure.awaitsNote()) {
      recordStart(new CallChanges(changes, started), null);
      cure.noteIfArrived();
      firstStep.record();
      return null;
    }
    changes.add(firstStep.build());
    return recordStart(new CallChanges(changes, started), nextStepTask);
  }

  /**
   * The open step's effects: the read-model row, the holder's notice (only for a call that gives a
   * grace period) and the audit record, in one transaction, then the restrictions.
   */
  void open() {
    OpenedCall opened = OpenedCalls.of(input, call.status);
    NotificationRequest notice =
        call.status == CallStatus.OPEN ? notice("call-opened", NotificationType.CALL_OPENED) : null;
    AuditEntry record =
        new AuditEntry(
            keys.open("opened"),
            MarginCallWorkflowImpl.SYSTEM,
            "CALL_OPENED",
            input.callId(),
            input.accountId(),
            null,
            String.join("; ", input.triggerReasons()),
            null);
    // A run that took TASK_WITH_OPENING opens in one transaction without asking: each version
    // check is a round of the workflow's threads, and two per call were 4-5% of the service's CPU
    // while a shock's workflows opened.
    if (!taskWithOpening
        && Workflow.getVersion(OPENING_IN_ONE_TRANSACTION, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      openAsRecordedBefore(opened, notice, record);
      return;
    }
    List<String> firstStep =
        firstStepAtOpening
                && LiquidationStep.firstStepAtOpening(input.openingAssessment(), input.stepModes())
            ? MarginCallIds.firstStepRestrictionKeys(input.callId())
            : List.of();
    List<String> lookedUp = new ArrayList<>(MarginCallIds.openingRestrictionKeys(input.callId()));
    lookedUp.addAll(firstStep);
    CallOpening opening = new CallOpening(opened, notice, record, lookedUp);
    if (firstStepAtOpening && input.resume() == null && call.status == CallStatus.LIQUIDATING) {
      // Liquidation starts right after, and nothing is recorded in between: no waiver or
      // supervisor's decision reaches a call that never was OPEN.
      heldOpening = opening;
      heldFirstStep = firstStep;
      return;
    }
    opened(recordOpening(opening), firstStep);
  }

  private List<String> recordOpening(CallOpening opening) {
    return LocalFirst.call(
        () -> recordsLocal.recordOpening(opening), () -> recordsRemote.recordOpening(opening));
  }

  /** What follows the opening's records: the restrictions not on record are sent. */
  private void opened(List<String> notRecorded, List<String> firstStep) {
    doneAtOpening =
        firstStep.stream()
            .filter(key -> !notRecorded.contains(key))
            .collect(Collectors.toUnmodifiableSet());
    // Usually ingestion restricted the account before the workflow existed; only what is not on
    // record is sent (again, under the same key).
    for (RestrictionCommand command :
        List.of(
            openingRestriction(Restriction.REDUCE_ONLY, true),
            openingRestriction(Restriction.WITHDRAWALS, false))) {
      if (notRecorded.contains(command.idempotencyKey())) {
        restrictOnOpening(command);
      }
    }
  }

  /**
   * Liquidation's first records, with the opening's if it was held back for them, and with the next
   * step's task if this run may ({@link #TASK_WITH_OPENING}).
   */
  private TaskStatus recordStart(CallChanges changes, TaskRequest nextStepTask) {
    if (heldOpening == null) {
      records.recordChanges(changes);
      return null;
    }
    CallOpening opening = heldOpening.startingLiquidation(changes);
    heldOpening = null;
    if (!taskWithOpening || nextStepTask == null) {
      opened(recordOpening(opening), heldFirstStep);
      return null;
    }
    CallOpening withTask = opening.openingTask(nextStepTask);
    LiquidatingOpened written =
        LocalFirst.call(
            () -> recordsLocal.recordLiquidatingOpening(withTask),
            () -> recordsRemote.recordLiquidatingOpening(withTask));
    opened(written.unsent(), heldFirstStep);
    return written.nextStepTask();
  }

  /** The open step of calls whose history began before {@link #OPENING_IN_ONE_TRANSACTION}. */
  private void openAsRecordedBefore(
      OpenedCall opened, NotificationRequest notice, AuditEntry record) {
    LocalFirst.run(
        () -> recordsLocal.recordOpened(opened), () -> recordsRemote.recordOpened(opened));
    restrictOnOpening(openingRestriction(Restriction.REDUCE_ONLY, true));
    restrictOnOpening(openingRestriction(Restriction.WITHDRAWALS, false));
    if (notice != null) {
      notificationsRemote.notify(notice);
    }
    recordsRemote.audit(record);
  }

  private RestrictionCommand openingRestriction(Restriction what, boolean enabled) {
    return restriction("open", what, enabled, MarginCallWorkflowImpl.SYSTEM);
  }

  private void restrictOnOpening(RestrictionCommand command) {
    // A refused restriction must not hold up the call: its deadline, reminders and escalation go on
    // while an operator sees to the refusal.
    refusals.restrictInBackground(exchangeLocal, exchangeRemote, command, call::stillOpen);
  }

  /** Lifts what the open step set: reduce-only off, withdrawals on (a cure, a waiver). */
  void liftOpeningRestrictions(String phase, String actor) {
    refusals.restrict(exchange, restriction(phase, Restriction.REDUCE_ONLY, false, actor));
    refusals.restrict(exchange, restriction(phase, Restriction.WITHDRAWALS, true, actor));
  }

  /** Tells the holder, with the call's figures as they are now. */
  void notify(String what, NotificationType type) {
    notifications.notify(notice(what, type));
  }

  private NotificationRequest notice(String what, NotificationType type) {
    return new NotificationRequest(
        keys.notification(what), type, input.callId(), input.accountId(), figures());
  }

  /** A reminder, by its {@link org.margindesk.domain.ReminderSchedule#name name}. */
  void remind(String reminder, long nowMillis) {
    Map<String, String> figures = figures();
    figures.put("remaining", Duration.ofMillis(call.deadlineMillis - nowMillis).toString());
    notifications.notify(
        new NotificationRequest(
            keys.reminder(reminder),
            NotificationType.REMINDER,
            input.callId(),
            input.accountId(),
            figures));
  }

  /** A change of the call at its current step, to be named and then recorded. */
  Progress progress(String eventKey, String action) {
    return Progress.of(input, records::recordProgress, eventKey, action).atStep(call.currentStep);
  }

  void runAutomatically(LiquidationStep step) {
    new AutomaticSteps(exchange, records, input, keys, refusals, doneAtOpening).run(step);
  }

  void cancelFacility() {
    records.cancelFacility(
        new FacilityCancellation(
            keys.status("facility-cancelled"), input.callId(), input.accountId()));
  }

  private RestrictionCommand restriction(
      String phase, Restriction what, boolean enabled, String actor) {
    return new RestrictionCommand(
        keys.restriction(phase, what, enabled),
        input.callId(),
        input.accountId(),
        what,
        enabled,
        actor);
  }

  private Map<String, String> figures() {
    Map<String, String> figures = new LinkedHashMap<>(input.figures());
    figures.put("deadline", Instant.ofEpochMilli(call.deadlineMillis).toString());
    figures.put("status", call.status.name());
    return figures;
  }
}
