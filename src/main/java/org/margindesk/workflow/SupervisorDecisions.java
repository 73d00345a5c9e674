package org.margindesk.workflow;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.margindesk.activity.ExtensionRecord;
import org.margindesk.activity.SupervisorActivities;
import org.margindesk.activity.WaiverDecisionRecord;
import org.margindesk.activity.WaiverRecord;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.SupervisorRules;
import org.margindesk.domain.SupervisorRules.Kind;
import org.margindesk.domain.SupervisorRules.Refusal;
import org.margindesk.domain.WaiverStatus;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.commands.EscalationRequest;
import org.margindesk.workflow.messages.commands.ExtensionRequest;
import org.margindesk.workflow.messages.commands.ResumeState;
import org.margindesk.workflow.messages.commands.WaiverDecision;
import org.margindesk.workflow.messages.commands.WaiverRequest;
import org.margindesk.workflow.messages.values.ExtensionGranted;
import org.margindesk.workflow.messages.values.LifecycleFailure;
import org.margindesk.workflow.messages.values.PendingWaiver;
import org.margindesk.workflow.messages.values.WaiverResult;

/**
 * The workflow's side of supervisors' actions: the extension allowance used so far, the waiver
 * requests, the validators that refuse what does not fit, and the records of what was accepted.
 * Deterministic workflow code; the call's status stays with {@link MarginCallWorkflowImpl}, which
 * passes in the status validators judge by.
 *
 * <p>Validators throw a typed {@link LifecycleFailure} (the API maps the type to an HTTP status). A
 * refused request never enters history, so it leaves no trace in the workflow or the database.
 * Built before the workflow method reads its input, because validators can be asked that early.
 */
final class SupervisorDecisions {
  private final SupervisorActivities records;
  private CallInput input;
  private CallKeys keys;
  private long extendedMillis;
  private final Map<String, PendingWaiver> pending = new LinkedHashMap<>();
  private final Map<String, WaiverStatus> decided = new HashMap<>();
  private boolean requestInFlight;

  // Accepted while OPEN and applied by the remediation loop, so that a supervisor's decision never
  // races the deadline's; the update answers once the loop has applied it.
  private EscalationRequest acceptedEscalation;
  private boolean escalationApplied;
  private PendingWaiver approvedWaiver;
  private WaiverDecision approval;
  private boolean waiverApplied;

  SupervisorDecisions(SupervisorActivities records) {
    this.records = records;
  }

  void start(CallInput callInput, CallKeys callKeys) {
    input = callInput;
    keys = callKeys;
    ResumeState resume = callInput.resume();
    if (resume != null && resume.extensionTotal() != null) {
      extendedMillis = Duration.parse(resume.extensionTotal()).toMillis();
    }
    if (resume != null && resume.pendingWaivers() != null) {
      resume.pendingWaivers().forEach(waiver -> pending.put(waiver.waiverId(), waiver));
    }
  }

  /** Whether the deadline has ever been moved: reminders then carry the deadline in their key. */
  boolean extended() {
    return extendedMillis > 0;
  }

  String extensionTotal() {
    return Duration.ofMillis(extendedMillis).toString();
  }

  List<PendingWaiver> pendingWaivers() {
    return List.copyOf(pending.values());
  }

  // ---- extensions

  void validateExtension(ExtensionRequest request, CallStatus current) {
    refuseUntilStarted();
    refuse(request == null ? missing() : Optional.empty());
    refuse(SupervisorRules.actor(request.actor()));
    refuse(SupervisorRules.extendBy(request.extendBy()));
    refuse(SupervisorRules.reason(request.reason(), true));
    refuse(SupervisorRules.openOnly(input.callId(), current, "an extension"));
    refuse(
        SupervisorRules.extension(
            Duration.parse(request.extendBy()), Duration.ofMillis(extendedMillis), maxExtension()));
  }

  /**
   * Grants the extension. The deadline moves (through {@code moveDeadline}) before the record is
   * written, so the remediation loop wakes on the change and never acts on the old deadline, and a
   * concurrent second extension is validated against this one's total.
   */
  ExtensionGranted extend(
      ExtensionRequest request, long previousDeadline, LongConsumer moveDeadline) {
    Duration extendBy = Duration.parse(request.extendBy());
    long newDeadline = previousDeadline + extendBy.toMillis();
    moveDeadline.accept(newDeadline);
    extendedMillis += extendBy.toMillis();
    String total = extensionTotal();
    String extensionId = Workflow.randomUUID().toString();
    records.recordExtension(
        new ExtensionRecord(
            keys.extension(extensionId),
            extensionId,
            input.callId(),
            input.accountId(),
            extendBy.toString(),
            previousDeadline,
            newDeadline,
            total,
            request.actor(),
            request.reason()));
    return new ExtensionGranted(
        extensionId,
        extendBy.toString(),
        newDeadline,
        total,
        SupervisorRules.remaining(maxExtension(), Duration.ofMillis(extendedMillis)).toString());
  }

  // ---- escalation

  void validateEscalation(EscalationRequest request, CallStatus current) {
    refuseUntilStarted();
    refuse(request == null ? missing() : Optional.empty());
    refuse(SupervisorRules.actor(request.actor()));
    refuse(SupervisorRules.reason(request.reason(), true));
    refuse(SupervisorRules.openOnly(input.callId(), current, "an escalation"));
  }

  void acceptEscalation(EscalationRequest request) {
    acceptedEscalation = request;
  }

  /** The escalation accepted and not yet applied; null if none. */
  EscalationRequest escalationToApply() {
    return escalationApplied ? null : acceptedEscalation;
  }

  void escalationApplied() {
    escalationApplied = true;
  }

  boolean isEscalationApplied() {
    return escalationApplied;
  }

  // ---- waivers

  void validateRequest(WaiverRequest request, CallStatus current) {
    refuseUntilStarted();
    refuse(request == null ? missing() : Optional.empty());
    refuse(SupervisorRules.actor(request.actor()));
    refuse(SupervisorRules.reason(request.reason(), true));
    refuse(SupervisorRules.openOnly(input.callId(), current, "a waiver"));
    if (requestInFlight || !pending.isEmpty()) {
      String which = pending.isEmpty() ? "another waiver" : "waiver " + pending.keySet();
      refuse(
          Optional.of(
              new Refusal(
                  Kind.WAIVER_PENDING,
                  null,
                  which + " of " + input.callId() + " is still pending; decide it first")));
    }
  }

  /**
   * Records the request. If the call left OPEN meanwhile ({@code current} is read after the record
   * is written), nobody can decide the request any more and it is closed at once.
   */
  WaiverResult request(WaiverRequest request, Supplier<CallStatus> current) {
    String waiverId = Workflow.randomUUID().toString();
    requestInFlight = true;
    try {
      records.recordWaiverRequest(
          new WaiverRecord(
              keys.waiver(waiverId, "requested"),
              waiverId,
              input.callId(),
              input.accountId(),
              request.actor(),
              request.reason()));
    } catch (ActivityFailure e) {
      IllegalArgumentException refused =
          LifecycleFailure.refused(
              new Refusal(
                  Kind.WAIVER_PENDING,
                  null,
                  "another waiver request of " + input.callId() + " is still pending"));
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          refused.getMessage(), LifecycleFailure.WAIVER_PENDING.name(), e);
    } finally {
      requestInFlight = false;
    }
    PendingWaiver waiver =
        new PendingWaiver(
            waiverId, request.actor(), request.reason(), Workflow.currentTimeMillis());
    CallStatus now = current.get();
    if (now != CallStatus.OPEN) {
      lapse(waiver, "the call was " + now + " before a decision");
      return new WaiverResult(waiverId, WaiverStatus.REJECTED, now);
    }
    pending.put(waiverId, waiver);
    return new WaiverResult(waiverId, WaiverStatus.PENDING, now);
  }

  void validateApproval(WaiverDecision decision, CallStatus current) {
    refuseUntilStarted();
    refuse(decision == null ? missing() : Optional.empty());
    refuse(SupervisorRules.actor(decision.actor()));
    refuse(SupervisorRules.reason(decision.reason(), false));
    refuse(SupervisorRules.openOnly(input.callId(), current, "a waiver approval"));
    refuse(isPending(decision.waiverId(), current));
    PendingWaiver waiver = pending.get(decision.waiverId());
    refuse(SupervisorRules.approval(waiver.waiverId(), waiver.requestedBy(), decision.actor()));
  }

  /** Takes the approved request out of the pending ones; the remediation loop applies it. */
  PendingWaiver approve(WaiverDecision decision) {
    PendingWaiver waiver = pending.remove(decision.waiverId());
    decided.put(waiver.waiverId(), WaiverStatus.APPROVED);
    approvedWaiver = waiver;
    approval = decision;
    return waiver;
  }

  /** The approved waiver not yet applied; null if none. */
  PendingWaiver waiverToApply() {
    return waiverApplied ? null : approvedWaiver;
  }

  /** The supervisor who approved {@link #waiverToApply}. */
  String approver() {
    return approval.actor();
  }

  void recordApproval() {
    record(approvedWaiver, WaiverStatus.APPROVED, approval.actor(), approval.reason());
  }

  void waiverApplied() {
    waiverApplied = true;
  }

  boolean isWaiverApplied() {
    return waiverApplied;
  }

  void validateRejection(WaiverDecision decision, CallStatus current) {
    refuseUntilStarted();
    refuse(decision == null ? missing() : Optional.empty());
    refuse(SupervisorRules.actor(decision.actor()));
    refuse(SupervisorRules.reason(decision.reason(), true));
    refuse(isPending(decision.waiverId(), current));
  }

  /** Discards a pending request; the requester may withdraw their own. */
  WaiverResult reject(WaiverDecision decision, CallStatus current) {
    PendingWaiver waiver = pending.remove(decision.waiverId());
    decided.put(waiver.waiverId(), WaiverStatus.REJECTED);
    record(waiver, WaiverStatus.REJECTED, decision.actor(), decision.reason());
    return new WaiverResult(waiver.waiverId(), WaiverStatus.REJECTED, current);
  }

  /** A call that leaves OPEN can no longer be waived: the system closes open requests. */
  void lapseAll(String why) {
    for (PendingWaiver waiver : List.copyOf(pending.values())) {
      lapse(waiver, why);
    }
  }

  private void lapse(PendingWaiver waiver, String why) {
    pending.remove(waiver.waiverId());
    decided.put(waiver.waiverId(), WaiverStatus.REJECTED);
    record(waiver, WaiverStatus.REJECTED, MarginCallWorkflowImpl.SYSTEM, why);
  }

  private void record(PendingWaiver waiver, WaiverStatus status, String actor, String reason) {
    records.recordWaiverDecision(
        new WaiverDecisionRecord(
            keys.waiver(waiver.waiverId(), "decided"),
            waiver.waiverId(),
            input.callId(),
            input.accountId(),
            status,
            actor,
            reason));
  }

  /** Unknown waivers are not found; decided ones conflict, naming their status. */
  private Optional<Refusal> isPending(String waiverId, CallStatus current) {
    if (waiverId != null && pending.containsKey(waiverId)) {
      return Optional.empty();
    }
    WaiverStatus status = waiverId == null ? null : decided.get(waiverId);
    if (status != null) {
      return Optional.of(
          new Refusal(
              Kind.WRONG_STATUS,
              null,
              "waiver "
                  + waiverId
                  + " is already "
                  + status
                  + " (margin call "
                  + input.callId()
                  + " is "
                  + current
                  + ")"));
    }
    return Optional.of(
        new Refusal(
            Kind.NOT_FOUND,
            null,
            "no pending waiver " + waiverId + " on margin call " + input.callId()));
  }

  private Duration maxExtension() {
    return Duration.parse(input.policy().maxExtension());
  }

  private void refuseUntilStarted() {
    if (input == null) {
      throw LifecycleFailure.refused(
          new Refusal(Kind.WRONG_STATUS, null, "the call is still starting; try again"));
    }
  }

  private static Optional<Refusal> missing() {
    return Optional.of(new Refusal(Kind.INVALID_INPUT, "body", "a request is required"));
  }

  private static void refuse(Optional<Refusal> refusal) {
    if (refusal.isPresent()) {
      throw LifecycleFailure.refused(refusal.get());
    }
  }
}
