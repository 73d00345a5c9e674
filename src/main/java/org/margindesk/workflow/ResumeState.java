package org.margindesk.workflow;

import java.util.List;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;

/**
 * Where a call had got to when its workflow was lost (or continued as new).
 *
 * @param currentStep the liquidation step in progress; null before liquidation
 * @param doneTaskIds operator tasks already completed, which are not awaited again
 * @param latestAssessment the latest assessment seen for the account, which may have arrived while
 *     no workflow was running
 */
public record ResumeState(
    CallStatus status,
    LiquidationStep currentStep,
    List<String> doneTaskIds,
    Assessment latestAssessment) {}
