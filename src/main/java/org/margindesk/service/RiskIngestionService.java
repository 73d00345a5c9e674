package org.margindesk.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.margindesk.api.problem.ApiException;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.LatestFigures;
import org.margindesk.domain.MarginPlusPolicy;
import org.margindesk.domain.PolicyEvaluation;
import org.margindesk.domain.Ratio;
import org.margindesk.ingest.BinanceEvent;
import org.margindesk.ingest.BinanceRiskMapping;
import org.margindesk.ingest.JsonInput;
import org.margindesk.ingest.NativeSnapshotParser.NativeSnapshot;
import org.margindesk.ingest.RiskSnapshot;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.persistence.AccountRiskEntity;
import org.margindesk.persistence.FacilityEntity;
import org.margindesk.persistence.RiskSnapshotEntity;

/**
 * Applies risk snapshots to accounts. Each snapshot is applied in one transaction holding the lock
 * on the account's latest-risk row, so snapshots for one account line up: duplicates and stale
 * snapshots are recognised reliably, and the lifecycle hears of each assessment change once.
 */
@ApplicationScoped
public class RiskIngestionService {
  public static final String ASSESSMENT_CHANGED = "ASSESSMENT_CHANGED";
  private static final TypeReference<List<ReasonView>> REASONS = new TypeReference<>() {};

  /** The answer to one snapshot. {@code snapshotId} is null for a what-if. */
  public record Outcome(
      Assessment assessment,
      List<ReasonView> reasons,
      String marginCallId,
      boolean duplicate,
      boolean stale,
      String snapshotId) {}

  /** What a snapshot would do, without doing it. */
  public record WhatIf(Outcome outcome, boolean assessmentWouldChange, String effect) {}

  private final EntityManager entityManager;
  private final MarginCallLifecycle lifecycle;
  private final AuditTrail audit;
  private final Clock clock;
  private final FacilityService facilities;
  private final MarginDeskMetrics metrics;
  private final AccountBreaches breaches;

  RiskIngestionService(
      EntityManager entityManager,
      MarginCallLifecycle lifecycle,
      AuditTrail audit,
      Clock clock,
      FacilityService facilities,
      MarginDeskMetrics metrics,
      AccountBreaches breaches) {
    this.metrics = metrics;
    this.breaches = breaches;
    this.entityManager = entityManager;
    this.lifecycle = lifecycle;
    this.audit = audit;
    this.clock = clock;
    this.facilities = facilities;
  }

  @Transactional
  public Outcome ingest(NativeSnapshot snapshot, Actor actor) {
    return apply(facility(snapshot.accountId()), snapshot.snapshot(), actor);
  }

  @Transactional
  public Outcome ingest(BinanceEvent event, String rawPayload, Actor actor) {
    FacilityEntity facility =
        FacilityEntity.<FacilityEntity>find("exchangeAlias", event.alias())
            .firstResultOptional()
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "No facility has the exchange alias '" + event.alias() + "'"));
    return apply(facility, BinanceRiskMapping.toSnapshot(event, facility.asset, rawPayload), actor);
  }

  /** The same evaluation as {@link #ingest(NativeSnapshot, Actor)}, touching nothing. */
  @Transactional
  public WhatIf whatIf(NativeSnapshot request) {
    FacilityEntity facility = facility(request.accountId());
    RiskSnapshot snapshot = request.snapshot();
    AccountRiskEntity risk = entityManager.find(AccountRiskEntity.class, facility.accountId);
    Assessment previous = risk == null ? Assessment.HEALTHY : Assessment.valueOf(risk.assessment);
    Optional<String> open = lifecycle.openMarginCallId(facility.accountId);
    String openId = open.orElse(null);
    Optional<RiskSnapshotEntity> duplicate =
        snapshot.eventId() == null ? Optional.empty() : findDuplicate(snapshot);
    if (duplicate.isPresent()) {
      return new WhatIf(
          new Outcome(
              Assessment.valueOf(duplicate.get().assessment),
              reasons(duplicate.get().reasons),
              openId,
              true,
              duplicate.get().stale,
              null),
          false,
          "no change: event " + snapshot.eventId() + " was already received");
    }
    LatestFigures known = risk == null ? LatestFigures.NONE : risk.figures();
    if (request.asOfGiven()
        && known.isStale(
            snapshot.collateralBalance(), snapshot.maintenanceMarginRatio(), snapshot.asOf())) {
      PolicyEvaluation current = evaluate(facility, known.cab(), known.mmr());
      return new WhatIf(
          new Outcome(previous, views(current), openId, false, true, null),
          false,
          "no change: every figure of the snapshot is older than the one already applied");
    }
    LatestFigures after =
        request.asOfGiven()
            ? known.after(
                snapshot.collateralBalance(), snapshot.maintenanceMarginRatio(), snapshot.asOf())
            : new LatestFigures(
                pick(snapshot.collateralBalance(), known.cab()),
                null,
                pick(snapshot.maintenanceMarginRatio(), known.mmr()),
                null);
    PolicyEvaluation evaluation = evaluate(facility, after.cab(), after.mmr());
    Assessment next = evaluation.assessment();
    return new WhatIf(
        new Outcome(next, views(evaluation), openId, false, false, null),
        next != previous,
        effect(previous, next, openId));
  }

  static String effect(Assessment previous, Assessment next, String openCallId) {
    if (next == previous) {
      return openCallId == null ? "no change" : "no change; call " + openCallId + " stays open";
    }
    if (openCallId == null) {
      return switch (next) {
        case MARGIN_CALL -> "would open a margin call";
        case LIQUIDATION -> "would open a margin call and start liquidation at once";
        case HEALTHY -> "would mark the account healthy; no call is open";
      };
    }
    return switch (next) {
      case HEALTHY -> "would cure call " + openCallId;
      case LIQUIDATION -> "would escalate call " + openCallId + " to liquidation";
      case MARGIN_CALL ->
          previous == Assessment.LIQUIDATION
              ? "would report to call "
                  + openCallId
                  + " that the account is back above the liquidation level but still in breach"
              : "would report a margin-call breach to call " + openCallId;
    };
  }

  private Outcome apply(FacilityEntity facility, RiskSnapshot snapshot, Actor actor) {
    Outcome outcome = applyOnce(facility, snapshot, actor);
    metrics.snapshotIngested(
        snapshot.exchange() == null ? "NATIVE" : "BINANCE",
        outcome.duplicate() ? "duplicate" : outcome.stale() ? "stale" : "applied");
    return outcome;
  }

  private Outcome applyOnce(FacilityEntity facility, RiskSnapshot snapshot, Actor actor) {
    String accountId = facility.accountId;
    AccountRiskEntity risk = breaches.lock(accountId);
    Optional<RiskSnapshotEntity> duplicate = findDuplicate(snapshot);
    if (duplicate.isPresent()) {
      RiskSnapshotEntity first = duplicate.get();
      if (!first.accountId.equals(accountId)) {
        throw ApiException.conflict(
            "eventId '" + snapshot.eventId() + "' was already used for another account");
      }
      return new Outcome(
          Assessment.valueOf(first.assessment),
          reasons(first.reasons),
          lifecycle.openMarginCallId(accountId).orElse(null),
          true,
          first.stale,
          first.id.toString());
    }
    Assessment previous = Assessment.valueOf(risk.assessment);
    Instant now = clock.instant();
    LatestFigures known = risk.figures();
    BigDecimal snapshotCab = snapshot.collateralBalance();
    Ratio snapshotMmr = snapshot.maintenanceMarginRatio();
    if (known.isStale(snapshotCab, snapshotMmr, snapshot.asOf())) {
      PolicyEvaluation current = evaluate(facility, known.cab(), known.mmr());
      RiskSnapshotEntity row = record(accountId, snapshot, true, current, previous, now, actor);
      return new Outcome(
          previous,
          views(current),
          lifecycle.openMarginCallId(accountId).orElse(null),
          false,
          true,
          row.id.toString());
    }
    // Each figure the snapshot carries replaces the known one unless it is older than it.
    LatestFigures after = known.after(snapshotCab, snapshotMmr, snapshot.asOf());
    BigDecimal cab = after.cab();
    Ratio mmr = after.mmr();
    PolicyEvaluation evaluation = evaluate(facility, cab, mmr);
    RiskSnapshotEntity row = record(accountId, snapshot, false, evaluation, previous, now, actor);
    risk.setFigures(after);
    risk.assessment = evaluation.assessment().name();
    risk.lastSnapshotId = row.id;
    risk.updatedAt = now;
    String callId;
    AssessmentChange change =
        new AssessmentChange(
            accountId,
            previous,
            evaluation,
            cab,
            mmr == null ? null : mmr.rounded(),
            snapshot.asOf(),
            row.id.toString());
    if (evaluation.assessment() != previous) {
      callId = lifecycle.onAssessmentChanged(change).orElse(null);
      auditChange(change, snapshot, callId, actor);
    } else {
      callId = lifecycle.openMarginCallId(accountId).orElse(null);
      if (callId == null && evaluation.assessment() != Assessment.HEALTHY) {
        // Still in breach, and no call: the state, not a change, says the account needs one.
        callId = lifecycle.onAssessmentChanged(change).orElse(null);
      }
    }
    return new Outcome(
        evaluation.assessment(), views(evaluation), callId, false, false, row.id.toString());
  }

  private Optional<RiskSnapshotEntity> findDuplicate(RiskSnapshot snapshot) {
    if (snapshot.exchange() == null) {
      return RiskSnapshotEntity.<RiskSnapshotEntity>find(
              "source = 'NATIVE' and eventId = ?1", snapshot.eventId())
          .firstResultOptional();
    }
    RiskSnapshot.ExchangeEventKey key = snapshot.exchange();
    return RiskSnapshotEntity.<RiskSnapshotEntity>find(
            "source = 'BINANCE' and exchangeAlias = ?1 and exchangeEventType = ?2"
                + " and exchangeEventTime = ?3 and coalesce(exchangeTransactionTime, -1) = ?4",
            key.alias(),
            key.eventType(),
            key.eventTime(),
            key.transactionTime() == null ? -1L : key.transactionTime())
        .firstResultOptional();
  }

  private RiskSnapshotEntity record(
      String accountId,
      RiskSnapshot snapshot,
      boolean stale,
      PolicyEvaluation evaluation,
      Assessment previous,
      Instant now,
      Actor actor) {
    RiskSnapshotEntity row = new RiskSnapshotEntity();
    row.id = UUID.randomUUID();
    row.accountId = accountId;
    row.source = snapshot.source().name();
    row.eventId = snapshot.eventId();
    if (snapshot.exchange() != null) {
      row.exchangeAlias = snapshot.exchange().alias();
      row.exchangeEventType = snapshot.exchange().eventType();
      row.exchangeEventTime = snapshot.exchange().eventTime();
      row.exchangeTransactionTime = snapshot.exchange().transactionTime();
    }
    row.asOf = snapshot.asOf();
    row.collateralBalance = snapshot.collateralBalance();
    // 8 places, for the history; an exact Binance MMR can be recomputed from raw_payload.
    row.maintenanceMarginRatio =
        snapshot.maintenanceMarginRatio() == null
            ? null
            : snapshot.maintenanceMarginRatio().rounded();
    row.stale = stale;
    row.assessment = evaluation.assessment().name();
    row.previousAssessment = previous.name();
    row.reasons = FacilityService.json(views(evaluation));
    row.rawPayload = snapshot.rawPayload();
    row.receivedAt = now;
    row.receivedBy = actor.name();
    entityManager.persist(row);
    try {
      // The row must exist before the lifecycle hears of it, so whatever it records can refer to
      // it.
      entityManager.flush();
    } catch (PersistenceException e) {
      // The account lock cannot cover an eventId sent for two accounts at the same moment; the
      // unique index decides, and the loser is told plainly.
      if (hasCause(e, org.hibernate.exception.ConstraintViolationException.class)) {
        throw ApiException.conflict(
            "This event was received concurrently for another account and is refused");
      }
      throw e;
    }
    return row;
  }

  private void auditChange(
      AssessmentChange change, RiskSnapshot snapshot, String callId, Actor actor) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("snapshotId", change.snapshotId());
    details.put("source", snapshot.source().name());
    details.put("eventId", snapshot.eventId());
    details.put("exchangeEvent", snapshot.exchange());
    details.put("asOf", change.asOf().toString());
    details.put("collateralBalance", plain(change.collateralBalance()));
    details.put("maintenanceMarginRatio", plain(change.maintenanceMarginRatio()));
    details.put("previous", change.previous().name());
    details.put("assessment", change.current().name());
    details.put("reasons", views(change.evaluation()));
    audit.append(
        AuditRecord.builder(
                "snapshot:" + change.snapshotId() + ":assessment", actor.name(), ASSESSMENT_CHANGED)
            .actorRoles(actor.roles())
            .accountId(change.accountId())
            .marginCallId(callId)
            .reason(change.previous() + " -> " + change.current())
            .before(FacilityService.json(Map.of("assessment", change.previous().name())))
            .after(FacilityService.json(Map.of("assessment", change.current().name())))
            .details(FacilityService.json(details))
            .build());
  }

  private FacilityEntity facility(String accountId) {
    FacilityEntity facility = entityManager.find(FacilityEntity.class, accountId);
    if (facility == null) {
      throw ApiException.notFound("No facility for account '" + accountId + "'");
    }
    return facility;
  }

  private PolicyEvaluation evaluate(FacilityEntity facility, BigDecimal cab, Ratio mmr) {
    return MarginPlusPolicy.evaluate(
        facility.marginPlusAmount, facilities.effectivePolicy(facility), cab, mmr);
  }

  private static List<ReasonView> views(PolicyEvaluation evaluation) {
    return evaluation.reasons().stream().map(ReasonView::of).toList();
  }

  private static List<ReasonView> reasons(String json) {
    try {
      return JsonInput.MAPPER.readValue(json, REASONS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored reasons are not valid JSON", e);
    }
  }

  private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  private static <T> T pick(T value, T fallback) {
    return value != null ? value : fallback;
  }

  private static String plain(BigDecimal value) {
    return value == null ? null : value.stripTrailingZeros().toPlainString();
  }
}
