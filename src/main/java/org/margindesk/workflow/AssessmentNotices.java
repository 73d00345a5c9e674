package org.margindesk.workflow;

import io.temporal.workflow.Workflow;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.CallStatus;
import org.margindesk.workflow.messages.commands.AssessmentNotice;
import org.margindesk.workflow.messages.commands.ResumeState;

/**
 * What the call has heard of its account's assessment: the newest notice, and the change the
 * remediation loop has yet to act on. The signal handler only records here; the main method acts.
 * Built before the workflow method reads its input, since a signal can arrive first.
 */
final class AssessmentNotices {
  /**
   * Version marker: a notice older than the newest one accepted is ignored (runs that started
   * before this rule applied every notice in arrival order).
   */
  static final String IGNORE_OVERTAKEN_NOTICES = "ignore-overtaken-notices";

  private Assessment pending;
  private AssessmentNotice last;

  /**
   * Where a recovered or continued call stands. A MARGIN_CALL is what the call is already about, so
   * only a cure or a hard breach is left to act on.
   */
  void resume(ResumeState resume) {
    if (resume.latestAssessment() != null && resume.latestAssessment() != Assessment.MARGIN_CALL) {
      pending = resume.latestAssessment();
    }
    last = resume.lastNotice();
  }

  /** The signal: a cure reaching a call that is already liquidating goes to {@code cure}. */
  void heard(AssessmentNotice notice, CallStatus status, CureDuringLiquidation cure) {
    if (Workflow.getVersion(IGNORE_OVERTAKEN_NOTICES, Workflow.DEFAULT_VERSION, 1) >= 1
        && last != null
        && notice.asOfMillis() < last.asOfMillis()) {
      // A redelivered or overtaken notice: the account's newer state is already known here.
      return;
    }
    last = notice;
    if (status == CallStatus.OPEN) {
      // A hard breach, once seen, stands: seed 004 liquidates "at any time" it happens.
      if (pending != Assessment.LIQUIDATION) {
        pending = notice.assessment();
      }
    } else if (status == CallStatus.LIQUIDATING && notice.assessment() == Assessment.HEALTHY) {
      cure.arrive();
    }
  }

  boolean cured() {
    return pending == Assessment.HEALTHY;
  }

  boolean hardBreach() {
    return pending == Assessment.LIQUIDATION;
  }

  /** The latest assessment still to act on; null if none. */
  Assessment pending() {
    return pending;
  }

  AssessmentNotice last() {
    return last;
  }

  /** Why the account stands where it does, from the newest notice. */
  String reasons() {
    return last == null ? "" : String.join("; ", last.reasons());
  }
}
