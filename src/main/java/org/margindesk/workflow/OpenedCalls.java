package org.margindesk.workflow;

import java.util.LinkedHashMap;
import java.util.Map;
import org.margindesk.activity.OpenedCall;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.StepMode;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.values.PolicyValues;

/** Builds the read-model row of a call from the workflow input. */
final class OpenedCalls {
  private OpenedCalls() {}

  static OpenedCall of(CallInput input, CallStatus status) {
    PolicyValues p = input.policy();
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("minTopUpRatio", p.minTopUpRatio().toPlainString());
    policy.put("terminationRatio", p.terminationRatio().toPlainString());
    policy.put("mmrMarginCall", p.mmrMarginCall().toPlainString());
    policy.put("mmrLiquidation", p.mmrLiquidation().toPlainString());
    policy.put("remediationWindow", p.remediationWindow());
    policy.put("maxExtension", p.maxExtension());
    Map<String, String> modes = new LinkedHashMap<>();
    for (LiquidationStep step : LiquidationStep.values()) {
      StepMode mode = step.modeIn(input.stepModes());
      modes.put(step.name(), mode.name());
    }
    return new OpenedCall(
        input.callId(),
        input.accountId(),
        input.callNumber(),
        status,
        input.openingAssessment().name(),
        input.triggerReasons(),
        policy,
        input.figures(),
        modes,
        input.openedAtMillis(),
        input.deadlineMillis());
  }
}
