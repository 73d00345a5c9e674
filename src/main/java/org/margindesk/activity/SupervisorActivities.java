package org.margindesk.activity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The read model and audit trail of supervisors' actions on a call: deadline extensions and
 * waivers. Every method is safe to repeat; the workflow has already decided, these only record.
 */
@ActivityInterface
public interface SupervisorActivities {
  /** Stores the extension, moves margin_call.deadline forward, and audits DEADLINE_EXTENDED. */
  @ActivityMethod
  void recordExtension(ExtensionRecord extension);

  /** Stores a PENDING waiver request and audits WAIVER_REQUESTED. */
  @ActivityMethod
  void recordWaiverRequest(WaiverRecord waiver);

  /** Marks the request APPROVED or REJECTED and audits WAIVER_APPROVED or WAIVER_REJECTED. */
  @ActivityMethod
  void recordWaiverDecision(WaiverDecisionRecord decision);
}
