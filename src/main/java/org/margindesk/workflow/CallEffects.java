package org.margindesk.workflow;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.margindesk.activity.AuditEntry;
import org.margindesk.activity.CallRecordActivities;
import org.margindesk.activity.ExchangeActivities;
import org.margindesk.activity.FacilityCancellation;
import org.margindesk.activity.NotificationActivities;
import org.margindesk.activity.NotificationRequest;
import org.margindesk.activity.NotificationType;
import org.margindesk.activity.RestrictionCommand;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.Restriction;
import org.margindesk.workflow.messages.commands.CallInput;

/**
 * What one call does to the world (the exchange, the holder, the read model and the trail), each
 * effect built with its deterministic key. Deterministic workflow code: it only schedules
 * activities; when and why stays with {@link MarginCallWorkflowImpl}, whose status, deadline and
 * step it reads as they are at the moment of each effect.
 */
final class CallEffects {
  private final CallRecordActivities records =
      Workflow.newActivityStub(CallRecordActivities.class, LifecycleActivityOptions.standard());
  // Opening the call is the safety-critical path: local activities, so it waits for no poll.
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

  private final CallInput input;
  private final CallKeys keys;
  private final ExchangeRefusals refusals;
  private final Supplier<CallStatus> status;
  private final LongSupplier deadlineMillis;
  private final Supplier<LiquidationStep> currentStep;
  private final CureDuringLiquidation cure;

  CallEffects(
      CallInput input,
      CallKeys keys,
      ExchangeRefusals refusals,
      Supplier<CallStatus> status,
      LongSupplier deadlineMillis,
      Supplier<LiquidationStep> currentStep) {
    this.input = input;
    this.keys = keys;
    this.refusals = refusals;
    this.status = status;
    this.deadlineMillis = deadlineMillis;
    this.currentStep = currentStep;
    this.cure = new CureDuringLiquidation(records, input, keys);
  }

  CureDuringLiquidation cureDuringLiquidation() {
    return cure;
  }

  /**
   * The open step's effects: the read-model row, the restrictions, the holder's notice (only for a
   * call that gives a grace period) and the audit record.
   *
   * @param stillOpen whether the opening restrictions still matter, should one be refused
   */
  void open(BooleanSupplier stillOpen) {
    recordsLocal.recordOpened(OpenedCalls.of(input, status.get()));
    // A refused restriction must not hold up the call: its deadline, reminders and escalation go on
    // while an operator sees to the refusal.
    refusals.restrictInBackground(
        exchangeLocal,
        restriction("open", Restriction.REDUCE_ONLY, true, MarginCallWorkflowImpl.SYSTEM),
        stillOpen);
    refusals.restrictInBackground(
        exchangeLocal,
        restriction("open", Restriction.WITHDRAWALS, false, MarginCallWorkflowImpl.SYSTEM),
        stillOpen);
    if (status.get() == CallStatus.OPEN) {
      notify("call-opened", NotificationType.CALL_OPENED);
    }
    records.audit(
        new AuditEntry(
            keys.open("opened"),
            MarginCallWorkflowImpl.SYSTEM,
            "CALL_OPENED",
            input.callId(),
            input.accountId(),
            null,
            String.join("; ", input.triggerReasons()),
            null));
  }

  /** Lifts what the open step set: reduce-only off, withdrawals on (a cure, a waiver). */
  void liftOpeningRestrictions(String phase, String actor) {
    refusals.restrict(exchange, restriction(phase, Restriction.REDUCE_ONLY, false, actor));
    refusals.restrict(exchange, restriction(phase, Restriction.WITHDRAWALS, true, actor));
  }

  /** Tells the holder, with the call's figures as they are now. */
  void notify(String what, NotificationType type) {
    notifications.notify(
        new NotificationRequest(
            keys.notification(what), type, input.callId(), input.accountId(), figures()));
  }

  /** A reminder, by its {@link org.margindesk.domain.ReminderSchedule#name name}. */
  void remind(String reminder, long nowMillis) {
    Map<String, String> figures = figures();
    figures.put("remaining", Duration.ofMillis(deadlineMillis.getAsLong() - nowMillis).toString());
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
    return Progress.of(input, records::recordProgress, eventKey, action).atStep(currentStep.get());
  }

  void runAutomatically(LiquidationStep step) {
    new AutomaticSteps(exchange, records, input, keys, refusals).run(step);
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
    figures.put("deadline", Instant.ofEpochMilli(deadlineMillis.getAsLong()).toString());
    figures.put("status", status.get().name());
    return figures;
  }
}
