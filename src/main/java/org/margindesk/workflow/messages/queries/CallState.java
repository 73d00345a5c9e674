package org.margindesk.workflow.messages.queries;

import java.util.List;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.workflow.messages.commands.ResumeState;
import org.margindesk.workflow.messages.values.PendingWaiver;

/**
 * The workflow's view of a call, for the query.
 *
 * @param extensionTotal the deadline extensions granted so far (ISO-8601)
 * @param resume what a continue-as-new would carry into the next run right now
 * @param refusedTaskIds EXCHANGE_REFUSED tasks the call is waiting on: effects the exchange refused
 *     that are pending (at the open step, the call goes on meanwhile)
 */
public record CallState(
    String callId,
    CallStatus status,
    long deadlineMillis,
    LiquidationStep currentStep,
    String awaitedTaskId,
    List<String> completedTaskIds,
    List<String> remindersSent,
    boolean curedDuringLiquidation,
    String extensionTotal,
    List<PendingWaiver> pendingWaivers,
    ResumeState resume,
    List<String> refusedTaskIds) {}
