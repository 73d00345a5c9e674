package org.margindesk.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.Refusal;
import org.margindesk.domain.WaiverStatus;
import org.margindesk.persistence.MarginCallEntity;
import org.margindesk.persistence.MarginCallWaiverEntity;
import org.margindesk.service.MarginCallViews.ExtensionGrantedView;
import org.margindesk.service.MarginCallViews.MarginCallItem;
import org.margindesk.service.MarginCallViews.WaiverAnswer;
import org.margindesk.workflow.MarginCallWorkflow;
import org.margindesk.workflow.messages.commands.EscalationRequest;
import org.margindesk.workflow.messages.commands.ExtensionRequest;
import org.margindesk.workflow.messages.commands.WaiverDecision;
import org.margindesk.workflow.messages.commands.WaiverRequest;
import org.margindesk.workflow.messages.values.ExtensionGranted;
import org.margindesk.workflow.messages.values.LifecycleFailure;
import org.margindesk.workflow.messages.values.WaiverResult;

/**
 * Supervisors' actions on a call, sent to its workflow as updates. The workflow's validators decide
 * (they are the only place that knows the call's live state); this service turns their refusals
 * into HTTP problems and audits each refused attempt, which the workflow cannot do because a
 * refused update never reaches it. Accepted actions are audited by the workflow's activities.
 */
@ApplicationScoped
public class MarginCallActions {
  private static final Logger LOG = Logger.getLogger(MarginCallActions.class);

  /** What was attempted; the audit action of a refused attempt is its name plus _REJECTED. */
  enum Attempt {
    EXTENSION,
    ESCALATION,
    WAIVER_REQUEST,
    WAIVER_APPROVAL,
    WAIVER_REJECTION
  }

  private final CallWorkflows workflows;
  private final RefusedAttempts refusedAttempts;
  private final MarginCallQueries queries;

  MarginCallActions(
      CallWorkflows workflows, RefusedAttempts refusedAttempts, MarginCallQueries queries) {
    this.workflows = workflows;
    this.refusedAttempts = refusedAttempts;
    this.queries = queries;
  }

  public ExtensionGrantedView extend(String callId, Duration extendBy, String reason, Actor actor) {
    Map<String, Object> asked = asked(reason);
    asked.put("extendBy", extendBy.toString());
    ExtensionGranted granted =
        send(
            callId,
            Attempt.EXTENSION,
            actor,
            asked,
            workflow ->
                workflow.extendDeadline(
                    new ExtensionRequest(actor.name(), extendBy.toString(), reason)));
    return new ExtensionGrantedView(
        granted.extensionId(),
        granted.extendBy(),
        actor.name(),
        reason,
        Instant.ofEpochMilli(granted.newDeadlineMillis()),
        granted.totalExtension(),
        granted.remainingExtension());
  }

  public MarginCallItem escalate(String callId, String reason, Actor actor) {
    send(
        callId,
        Attempt.ESCALATION,
        actor,
        asked(reason),
        workflow -> workflow.escalateNow(new EscalationRequest(actor.name(), reason)));
    return queries.item(callId).orElseThrow();
  }

  public WaiverAnswer requestWaiver(String callId, String reason, Actor actor) {
    WaiverResult result =
        send(
            callId,
            Attempt.WAIVER_REQUEST,
            actor,
            asked(reason),
            workflow -> workflow.requestWaiver(new WaiverRequest(actor.name(), reason)));
    return answer(callId, result.waiverId());
  }

  /** A second supervisor's approval; the requester gets 403. */
  public WaiverAnswer approveWaiver(String callId, String waiverId, String reason, Actor actor) {
    return decide(callId, waiverId, reason, actor, Attempt.WAIVER_APPROVAL);
  }

  /** Discards a pending request; anyone with the role may, the requester included. */
  public WaiverAnswer rejectWaiver(String callId, String waiverId, String reason, Actor actor) {
    return decide(callId, waiverId, reason, actor, Attempt.WAIVER_REJECTION);
  }

  private WaiverAnswer decide(
      String callId, String waiverId, String reason, Actor actor, Attempt attempt) {
    Map<String, Object> asked = asked(reason);
    asked.put("waiverId", waiverId);
    Optional<WaiverStatus> waiverStatus =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    MarginCallWaiverEntity.<MarginCallWaiverEntity>findByIdOptional(waiverId)
                        .filter(waiver -> waiver.marginCallId.equals(callId))
                        .map(waiver -> waiver.status));
    CallRecord call = call(callId);
    if (waiverStatus.isEmpty()) {
      throw Refusal.notFound("No waiver '" + waiverId + "' on margin call '" + callId + "'");
    }
    if (waiverStatus.get() != WaiverStatus.PENDING) {
      // Decided in an earlier run of the workflow, which this run does not remember.
      throw refused(
          call,
          attempt,
          actor,
          asked,
          LifecycleFailure.WRONG_STATUS,
          null,
          "waiver "
              + waiverId
              + " is already "
              + waiverStatus.get()
              + " (margin call "
              + callId
              + " is "
              + call.status()
              + ")");
    }
    WaiverDecision decision = new WaiverDecision(waiverId, actor.name(), reason);
    send(
        call,
        attempt,
        actor,
        asked,
        workflow ->
            attempt == Attempt.WAIVER_APPROVAL
                ? workflow.approveWaiver(decision)
                : workflow.rejectWaiver(decision));
    return answer(callId, waiverId);
  }

  private <T> T send(
      String callId,
      Attempt attempt,
      Actor actor,
      Map<String, Object> asked,
      Function<MarginCallWorkflow, T> update) {
    return send(call(callId), attempt, actor, asked, update);
  }

  private <T> T send(
      CallRecord call,
      Attempt attempt,
      Actor actor,
      Map<String, Object> asked,
      Function<MarginCallWorkflow, T> update) {
    if (!call.status().isOpen()) {
      // A closed call's workflow has finished; its status is the read model's.
      throw refused(call, attempt, actor, asked, LifecycleFailure.WRONG_STATUS, null, closed(call));
    }
    try {
      return workflows.update(call.id(), update);
    } catch (CallWorkflows.Refused e) {
      LifecycleFailure.Refused refusal = e.refusal().orElseThrow(() -> e);
      throw refused(
          call, attempt, actor, asked, refusal.type(), refusal.field(), refusal.message());
    } catch (CallWorkflows.NotRunning e) {
      CallRecord now = call(call.id());
      if (!now.status().isOpen()) {
        throw refused(now, attempt, actor, asked, LifecycleFailure.WRONG_STATUS, null, closed(now));
      }
      // The row says open but no workflow runs: the reconciler restarts it from the row.
      LOG.warnf("No running workflow for open call %s; the reconciler restarts it", call.id());
      throw Refusal.unavailable(
          "margin call "
              + call.id()
              + " is "
              + now.status()
              + " but its workflow is being recovered; try again shortly");
    }
  }

  /**
   * The HTTP answer to a refusal. A refused decision (403, 409) is audited as an attempt of its
   * own, keyed by a fresh id so every attempt is a distinct event; a malformed request (400) or an
   * unknown waiver (404) is not a decision and leaves no trace.
   */
  private Refusal refused(
      CallRecord call,
      Attempt attempt,
      Actor actor,
      Map<String, Object> asked,
      LifecycleFailure type,
      String field,
      String message) {
    return switch (type) {
      case INVALID_INPUT ->
          Refusal.invalid(
              message, List.of(new Refusal.FieldError(field == null ? "body" : field, message)));
      case NOT_FOUND -> Refusal.notFound(message);
      case FORBIDDEN -> {
        auditRefusal(
            call,
            attempt == Attempt.WAIVER_APPROVAL ? "WAIVER_SELF_APPROVAL" : attempt.name(),
            actor,
            asked,
            type,
            message);
        yield Refusal.forbidden(message);
      }
      default -> {
        auditRefusal(call, attempt.name(), actor, asked, type, message);
        yield Refusal.conflict(message);
      }
    };
  }

  private void auditRefusal(
      CallRecord call,
      String attempt,
      Actor actor,
      Map<String, Object> asked,
      LifecycleFailure type,
      String message) {
    Map<String, Object> details = new LinkedHashMap<>(asked);
    details.put("failure", type.name());
    details.put("callStatus", call.status().name());
    refusedAttempts.record(
        call.id(),
        "rejected",
        attempt,
        attempt + "_REJECTED",
        actor,
        record ->
            record
                .accountId(call.accountId())
                .marginCallId(call.id())
                .reason(message)
                .details(FacilityService.json(details)));
  }

  private static String closed(CallRecord call) {
    return "margin call " + call.id() + " is " + call.status() + "; it is closed";
  }

  private static Map<String, Object> asked(String reason) {
    Map<String, Object> asked = new LinkedHashMap<>();
    asked.put("requestedReason", reason);
    return asked;
  }

  private record CallRecord(String id, String accountId, CallStatus status) {}

  private CallRecord call(String callId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                MarginCallEntity.<MarginCallEntity>findByIdOptional(callId)
                    .map(call -> new CallRecord(call.id, call.accountId, call.status))
                    .orElseThrow(() -> Refusal.notFound("No margin call '" + callId + "'")));
  }

  private WaiverAnswer answer(String callId, String waiverId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              MarginCallWaiverEntity waiver = MarginCallWaiverEntity.findById(waiverId);
              MarginCallEntity call = MarginCallEntity.findById(callId);
              return new WaiverAnswer(
                  MarginCallQueries.waiver(waiver), call.id, call.status.name());
            });
  }
}
