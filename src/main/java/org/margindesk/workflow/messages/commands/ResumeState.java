package org.margindesk.workflow.messages.commands;

import java.util.List;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.workflow.messages.values.PendingWaiver;

/**
 * Where a call had got to when its workflow was lost (or continued as new).
 *
 * @param currentStep the liquidation step in progress; null before liquidation
 * @param doneTaskIds operator tasks already completed, which are not awaited again
 * @param latestAssessment the latest assessment seen for the account, which may have arrived while
 *     no workflow was running
 * @param extensionTotal every deadline extension granted so far (ISO-8601), counted against the
 *     policy's allowance; null for none (histories recorded before extensions existed)
 * @param pendingWaivers waiver requests still waiting for a decision; null for none
 * @param lastNotice the newest assessment notice the call had accepted, so that a notice older than
 *     it is still ignored after continue-as-new; null when unknown (a recovery from the row)
 */
public record ResumeState(
    CallStatus status,
    LiquidationStep currentStep,
    List<String> doneTaskIds,
    Assessment latestAssessment,
    String extensionTotal,
    List<PendingWaiver> pendingWaivers,
    AssessmentNotice lastNotice) {}
