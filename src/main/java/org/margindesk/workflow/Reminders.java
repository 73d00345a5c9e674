package org.margindesk.workflow;

import java.util.ArrayList;
import java.util.List;
import org.margindesk.domain.ReminderSchedule;

/**
 * The reminders one run of the call has sent, and sending the ones that fall due. When they fall
 * due is {@link ReminderSchedule}'s arithmetic; deterministic workflow code.
 */
final class Reminders {
  private final ReminderSchedule schedule;
  private final CallEffects effects;
  private final List<String> sent = new ArrayList<>();

  Reminders(ReminderSchedule schedule, CallEffects effects) {
    this.schedule = schedule;
    this.effects = effects;
  }

  /**
   * @param extended whether a supervisor ever moved the deadline
   */
  void sendDue(long deadlineMillis, long nowMillis, boolean extended) {
    ReminderSchedule.Due due = schedule.due(deadlineMillis, nowMillis, extended, sent);
    sent.addAll(due.passedOver());
    for (String reminder : due.toSend()) {
      effects.remind(reminder, nowMillis);
      sent.add(reminder);
    }
  }

  long nextWakeUp(long deadlineMillis, long nowMillis) {
    return schedule.nextWakeUp(deadlineMillis, nowMillis);
  }

  List<String> sent() {
    return List.copyOf(sent);
  }
}
