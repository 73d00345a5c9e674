package org.margindesk.workflow.messages.commands;

import java.util.List;
import java.util.Map;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.StepMode;
import org.margindesk.workflow.messages.values.PolicyValues;

/**
 * Everything a call workflow needs, resolved when the call opens (or read back from PostgreSQL on
 * recovery), so the workflow never reads configuration and replays identically.
 *
 * @param figures the figures the call opened with (collateral balance, MMR, shortfall to the top-up
 *     level, M+ amount, asset, and the thresholds: top-up and termination balances and ratios, MMR
 *     limits), as decimal strings; notifications add the deadline
 * @param reminderOffsetsMillis how long before the deadline each reminder goes out
 * @param resume null for a new call; the stored state for a recovered one
 */
public record CallInput(
    String callId,
    String accountId,
    int callNumber,
    Assessment openingAssessment,
    List<String> triggerReasons,
    PolicyValues policy,
    Map<String, String> figures,
    long openedAtMillis,
    long deadlineMillis,
    List<Long> reminderOffsetsMillis,
    Map<LiquidationStep, StepMode> stepModes,
    ResumeState resume) {

  /** The input of the next run (continue-as-new, recovery) once the call got to {@code state}. */
  public CallInput withResume(ResumeState state) {
    return new CallInput(
        callId,
        accountId,
        callNumber,
        openingAssessment,
        triggerReasons,
        policy,
        figures,
        openedAtMillis,
        deadlineMillis,
        reminderOffsetsMillis,
        stepModes,
        state);
  }

  /** The same call with its deadline moved (by the extensions granted so far). */
  public CallInput withDeadline(long movedDeadlineMillis) {
    return new CallInput(
        callId,
        accountId,
        callNumber,
        openingAssessment,
        triggerReasons,
        policy,
        figures,
        openedAtMillis,
        movedDeadlineMillis,
        reminderOffsetsMillis,
        stepModes,
        resume);
  }
}
