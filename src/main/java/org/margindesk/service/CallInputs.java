package org.margindesk.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.margindesk.config.JsonText;
import org.margindesk.config.LifecycleSettings;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.MarginCallIds;
import org.margindesk.domain.MarginPlusPolicy;
import org.margindesk.domain.Money;
import org.margindesk.domain.PolicyReason;
import org.margindesk.domain.PolicyThresholds;
import org.margindesk.domain.StepMode;
import org.margindesk.persistence.FacilityEntity;
import org.margindesk.persistence.MarginCallEntity;
import org.margindesk.persistence.MarginCallExtensionEntity;
import org.margindesk.persistence.MarginCallWaiverEntity;
import org.margindesk.persistence.OperatorTaskEntity;
import org.margindesk.workflow.messages.commands.AssessmentNotice;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.commands.ResumeState;
import org.margindesk.workflow.messages.values.PendingWaiver;
import org.margindesk.workflow.messages.values.PolicyValues;

/**
 * Builds workflow input: for a new call from the facility, the change and configuration; for a
 * recovered call from its stored row. One place, so a recovered call runs exactly as it opened.
 */
@ApplicationScoped
public class CallInputs {
  private final MarginDeskConfig config;
  private final LifecycleSettings settings;
  private final ObjectMapper json;

  CallInputs(MarginDeskConfig config, LifecycleSettings settings, ObjectMapper json) {
    this.config = config;
    this.settings = settings;
    this.json = json;
  }

  public CallInput forNewCall(
      FacilityEntity facility, AssessmentChange change, int callNumber, Instant openedAt) {
    PolicyThresholds policy = facility.policyOverrides().applyTo(config.policy().thresholds());
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("marginPlusAmount", Money.format(Money.of(facility.marginPlusAmount)));
    figures.put("asset", facility.asset);
    if (change.collateralBalance() != null) {
      figures.put("collateralBalance", Money.format(Money.of(change.collateralBalance())));
    }
    if (change.maintenanceMarginRatio() != null) {
      figures.put("maintenanceMarginRatio", change.maintenanceMarginRatio().toPlainString());
    }
    // The thresholds, so a notification says where the account stands against each of them.
    figures.put("minTopUpBalance", Money.format(policy.minTopUpBalance(facility.marginPlusAmount)));
    figures.put(
        "terminationBalance", Money.format(policy.terminationAmount(facility.marginPlusAmount)));
    figures.put("minTopUpRatio", Money.plain(policy.minTopUpRatio()));
    figures.put("terminationRatio", Money.plain(policy.terminationRatio()));
    figures.put("mmrMarginCall", Money.plain(policy.mmrMarginCall()));
    figures.put("mmrLiquidation", Money.plain(policy.mmrLiquidation()));
    figures.put(
        "shortfallToMinTopUp",
        Money.format(
            MarginPlusPolicy.shortfallToMinTopUp(
                facility.marginPlusAmount, policy, change.collateralBalance())));
    List<Long> offsets = settings.reminderOffsets().stream().map(Duration::toMillis).toList();
    return new CallInput(
        MarginCallIds.callId(facility.accountId, callNumber),
        facility.accountId,
        callNumber,
        change.current(),
        change.evaluation().reasons().stream().map(PolicyReason::describe).toList(),
        values(policy),
        figures,
        openedAt.toEpochMilli(),
        openedAt.plus(policy.remediationWindow()).toEpochMilli(),
        offsets,
        settings.stepModes(),
        null);
  }

  /**
   * The input that restarts a lost workflow from where its call had got to: the deadline as last
   * extended, the extensions granted so far and the waiver requests still pending included.
   */
  public CallInput forRecovery(MarginCallEntity call) {
    return fromRow(
        call,
        new ResumeState(
            call.status,
            call.currentStep == null ? null : LiquidationStep.valueOf(call.currentStep),
            OperatorTaskEntity.doneTaskIds(call.id),
            Assessment.valueOf(call.latestAssessment),
            MarginCallExtensionEntity.total(call.id).toString(),
            MarginCallWaiverEntity.pending(call.id).stream()
                .map(
                    waiver ->
                        new PendingWaiver(
                            waiver.id,
                            waiver.requestedBy,
                            waiver.reason,
                            waiver.requestedAt.toEpochMilli()))
                .toList(),
            // The row keeps no notice; the pending notice, if any, is re-delivered after the start.
            null));
  }

  /**
   * The input of a call's first workflow run, from its row: what {@link #forNewCall} gave when the
   * call opened, since until its workflow runs nothing but ingestion's notices (kept apart, as the
   * pending notice) changes the row. The outbox's sweeper starts from it.
   */
  public CallInput forFirstStart(MarginCallEntity call) {
    return fromRow(call, null);
  }

  private CallInput fromRow(MarginCallEntity call, ResumeState resume) {
    Map<String, String> modes = read(call.stepModes, new TypeReference<Map<String, String>>() {});
    Map<LiquidationStep, StepMode> stepModes = new EnumMap<>(LiquidationStep.class);
    modes.forEach(
        (step, mode) -> stepModes.put(LiquidationStep.valueOf(step), StepMode.valueOf(mode)));
    return new CallInput(
        call.id,
        call.accountId,
        call.callNumber,
        Assessment.valueOf(call.openingAssessment),
        read(call.triggerReasons, new TypeReference<List<String>>() {}),
        read(call.policy, new TypeReference<PolicyValues>() {}),
        read(call.figures, new TypeReference<Map<String, String>>() {}),
        call.openedAt.toEpochMilli(),
        call.deadline.toEpochMilli(),
        settings.reminderOffsets().stream().map(Duration::toMillis).toList(),
        stepModes,
        resume);
  }

  /** JSON text for the read model's jsonb columns. */
  public String write(Object value) {
    return JsonText.write(json, value);
  }

  /** The notice ingestion committed but has not yet delivered, or null. */
  public AssessmentNotice pendingNotice(MarginCallEntity call) {
    return call.pendingNotice == null
        ? null
        : read(call.pendingNotice, new TypeReference<AssessmentNotice>() {});
  }

  private static PolicyValues values(PolicyThresholds p) {
    return new PolicyValues(
        p.minTopUpRatio(),
        p.terminationRatio(),
        p.mmrMarginCall(),
        p.mmrLiquidation(),
        p.remediationWindow().toString(),
        p.maxExtension().toString());
  }

  private <T> T read(String text, TypeReference<T> type) {
    return JsonText.read(json, text, type);
  }
}
