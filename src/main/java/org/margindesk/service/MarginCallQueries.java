package org.margindesk.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.margindesk.audit.AuditTimeline;
import org.margindesk.config.JsonText;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.Money;
import org.margindesk.domain.RestrictionStatus;
import org.margindesk.domain.SupervisorRules;
import org.margindesk.gateway.AccountControls;
import org.margindesk.gateway.ExchangeGateway;
import org.margindesk.paging.Page;
import org.margindesk.persistence.MarginCallEntity;
import org.margindesk.persistence.MarginCallExtensionEntity;
import org.margindesk.persistence.MarginCallWaiverEntity;
import org.margindesk.persistence.OperatorTaskEntity;
import org.margindesk.service.MarginCallViews.CallPolicy;
import org.margindesk.service.MarginCallViews.CallTrigger;
import org.margindesk.service.MarginCallViews.ExtensionView;
import org.margindesk.service.MarginCallViews.ExtensionsView;
import org.margindesk.service.MarginCallViews.MarginCallDetail;
import org.margindesk.service.MarginCallViews.MarginCallItem;
import org.margindesk.service.MarginCallViews.WaiverView;
import org.margindesk.workflow.messages.values.PolicyValues;

/**
 * Reads margin calls from the read model in PostgreSQL (Temporal's visibility cannot list them);
 * restrictions come from the exchange, the history from the audit trail.
 */
@ApplicationScoped
public class MarginCallQueries {
  private final ExchangeGateway exchange;
  private final AuditTimeline timeline;
  private final ObjectMapper json;
  private final NotificationService notifications;

  MarginCallQueries(
      ExchangeGateway exchange,
      AuditTimeline timeline,
      ObjectMapper json,
      NotificationService notifications) {
    this.notifications = notifications;
    this.exchange = exchange;
    this.timeline = timeline;
    this.json = json;
  }

  /** Up to {@code limit} calls, newest first, after the cursor; every non-null filter must hold. */
  @Transactional
  public Page<MarginCallItem> list(
      CallStatus status, String accountId, int limit, MarginCallCursor after) {
    List<String> where = new ArrayList<>();
    Parameters params = new Parameters();
    if (status != null) {
      where.add("status = :status");
      params.and("status", status);
    }
    if (accountId != null) {
      where.add("accountId = :accountId");
      params.and("accountId", accountId);
    }
    if (after != null) {
      where.add("(openedAt < :at or (openedAt = :at and id < :id))");
      params.and("at", after.openedAt()).and("id", after.id());
    }
    String order = "order by openedAt desc, id desc";
    String query = where.isEmpty() ? order : String.join(" and ", where) + " " + order;
    List<MarginCallEntity> rows =
        MarginCallEntity.<MarginCallEntity>find(query, params)
            .range(0, Page.fetchSize(limit) - 1)
            .list();
    return Page.of(
        rows, limit, this::item, last -> new MarginCallCursor(last.openedAt, last.id).encode());
  }

  public Optional<MarginCallDetail> detail(String callId) {
    // The exchange may be remote: it is asked between two short transactions, never inside one.
    Optional<String> accountId =
        QuarkusTransaction.joiningExisting()
            .call(
                () ->
                    MarginCallEntity.<MarginCallEntity>findByIdOptional(callId)
                        .map(call -> call.accountId));
    if (accountId.isEmpty()) {
      return Optional.empty();
    }
    AccountControls restrictions = exchange.restrictions(accountId.get());
    return QuarkusTransaction.joiningExisting().call(() -> detail(callId, restrictions));
  }

  private Optional<MarginCallDetail> detail(String callId, AccountControls restrictions) {
    MarginCallEntity call = MarginCallEntity.findById(callId);
    if (call == null) {
      return Optional.empty();
    }
    PolicyValues policy = read(call.policy, new TypeReference<PolicyValues>() {});
    return Optional.of(
        new MarginCallDetail(
            call.id,
            call.accountId,
            call.status.name(),
            trigger(call),
            call.openedAt,
            call.deadline,
            call.closedAt,
            call.outcome,
            call.currentStep,
            read(call.figures, new TypeReference<Map<String, String>>() {}),
            new CallPolicy(
                Money.plain(policy.minTopUpRatio()),
                Money.plain(policy.terminationRatio()),
                Money.plain(policy.mmrMarginCall()),
                Money.plain(policy.mmrLiquidation()),
                policy.remediationWindow(),
                policy.maxExtension()),
            restrictions,
            restriction(call),
            call.restrictedAt,
            extensions(call.id, Duration.parse(policy.maxExtension())),
            MarginCallWaiverEntity.forCall(call.id).stream()
                .map(MarginCallQueries::waiver)
                .toList(),
            OperatorTaskEntity.<OperatorTaskEntity>list(
                    "marginCallId = ?1 order by createdAt, id", call.id)
                .stream()
                .map(task -> TaskView.of(task, null))
                .toList(),
            notifications.notificationsForCall(call.id),
            timeline.forMarginCall(call.id)));
  }

  @Transactional
  public Optional<MarginCallItem> item(String callId) {
    return MarginCallEntity.<MarginCallEntity>findByIdOptional(callId).map(this::item);
  }

  private MarginCallItem item(MarginCallEntity call) {
    return new MarginCallItem(
        call.id,
        call.accountId,
        call.status.name(),
        trigger(call),
        call.openedAt,
        call.deadline,
        call.closedAt,
        call.outcome,
        restriction(call),
        call.restrictedAt);
  }

  private static RestrictionStatus restriction(MarginCallEntity call) {
    return call.restrictedAt == null ? RestrictionStatus.PENDING : RestrictionStatus.APPLIED;
  }

  private CallTrigger trigger(MarginCallEntity call) {
    return new CallTrigger(
        call.openingAssessment, read(call.triggerReasons, new TypeReference<List<String>>() {}));
  }

  private static ExtensionsView extensions(String callId, Duration maxExtension) {
    List<MarginCallExtensionEntity> rows = MarginCallExtensionEntity.forCall(callId);
    Duration total =
        Duration.ofMillis(rows.stream().mapToLong(extension -> extension.extendByMillis).sum());
    return new ExtensionsView(
        rows.stream()
            .map(
                extension ->
                    new ExtensionView(
                        extension.id,
                        extension.extendBy,
                        extension.grantedBy,
                        extension.grantedAt,
                        extension.reason,
                        extension.newDeadline))
            .toList(),
        total.toString(),
        SupervisorRules.remaining(maxExtension, total).toString());
  }

  static WaiverView waiver(MarginCallWaiverEntity waiver) {
    return new WaiverView(
        waiver.id,
        waiver.status.name(),
        waiver.requestedBy,
        waiver.requestedAt,
        waiver.reason,
        waiver.decidedBy,
        waiver.decidedAt,
        waiver.decisionReason);
  }

  private <T> T read(String text, TypeReference<T> type) {
    return JsonText.read(json, text, type);
  }
}
