package org.margindesk.workflow;

import java.util.List;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;

/** The workflow's view of a call, for the query. */
public record CallState(
    String callId,
    CallStatus status,
    long deadlineMillis,
    LiquidationStep currentStep,
    String awaitedTaskId,
    List<String> completedTaskIds,
    List<String> remindersSent,
    boolean curedDuringLiquidation) {}
