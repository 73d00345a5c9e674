package org.margindesk.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;
import org.margindesk.config.JsonMapping;
import org.margindesk.config.JsonText;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.LatestFigures;
import org.margindesk.domain.MarginPlusPolicy;
import org.margindesk.domain.PolicyEvaluation;
import org.margindesk.domain.Ratio;
import org.margindesk.domain.Refusal;
import org.margindesk.domain.RestrictionStatus;
import org.margindesk.ingest.BinanceEvent;
import org.margindesk.ingest.BinanceRiskMapping;
import org.margindesk.ingest.NativeSnapshotParser.NativeSnapshot;
import org.margindesk.ingest.RiskSnapshot;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.pacing.IngestionPressure;
import org.margindesk.persistence.AccountRiskEntity;
import org.margindesk.persistence.FacilityEntity;
import org.margindesk.persistence.GroupCommit;
import org.margindesk.persistence.RiskSnapshotEntity;

/**
 * Applies risk snapshots to accounts: a single snapshot, a Binance event or a batch all go through
 * {@link SnapshotBatch}, one transaction per batch (single snapshots that queue together share one:
 * {@link GroupCommit}), holding the locks of the accounts' risk rows so snapshots for one account
 * line up: duplicates and stale snapshots are recognised reliably, and the lifecycle hears of each
 * assessment change once. A breach is restricted before the answer ({@link RestrictFirst}); the
 * call's workflow starts after it ({@link CallDispatch}).
 */
@ApplicationScoped
public class RiskIngestionService {
  private static final Logger LOG = Logger.getLogger(RiskIngestionService.class);
  public static final String ASSESSMENT_CHANGED = "ASSESSMENT_CHANGED";
  private static final TypeReference<List<ReasonView>> REASONS = new TypeReference<>() {};

  /** A batch that meets a concurrent writer (same eventId, a deadlock) is retried whole. */
  private static final int ATTEMPTS = 3;

  /**
   * The answer to one snapshot. {@code snapshotId} is null for a what-if; {@code restriction} is
   * null when the account has no open call.
   */
  public record Outcome(
      Assessment assessment,
      List<ReasonView> reasons,
      @Schema(nullable = true) String marginCallId,
      boolean duplicate,
      boolean stale,
      @Schema(nullable = true) String snapshotId,
      // No enum in the document: a nullable enum in OpenAPI 3.0.3 must list null among its
      // values, which an annotation cannot.
      @Schema(
              nullable = true,
              implementation = String.class,
              description = "APPLIED or PENDING; null when the account has no open call")
          RestrictionStatus restriction) {

    Outcome restricted() {
      return new Outcome(
          assessment,
          reasons,
          marginCallId,
          duplicate,
          stale,
          snapshotId,
          RestrictionStatus.APPLIED);
    }
  }

  /** What a snapshot would do, without doing it. */
  public record WhatIf(Outcome outcome, boolean assessmentWouldChange, String effect) {}

  private final EntityManager entityManager;
  private final MarginCallLifecycle lifecycle;
  private final FacilityService facilities;
  private final MarginDeskMetrics metrics;
  private final SnapshotBatch batch;
  private final RestrictFirst restrictFirst;
  private final IngestionPressure pressure;
  private final GroupCommit<Actor, SnapshotBatch.Arrival, SnapshotBatch.Answer> singles;

  RiskIngestionService(
      EntityManager entityManager,
      MarginCallLifecycle lifecycle,
      FacilityService facilities,
      MarginDeskMetrics metrics,
      SnapshotBatch batch,
      RestrictFirst restrictFirst,
      IngestionPressure pressure,
      MarginDeskConfig config) {
    this.entityManager = entityManager;
    this.pressure = pressure;
    this.lifecycle = lifecycle;
    this.facilities = facilities;
    this.metrics = metrics;
    this.batch = batch;
    this.restrictFirst = restrictFirst;
    MarginDeskConfig.Ingest ingest = config.ingest();
    if (ingest.singleGroupsInFlight() < 1 || ingest.singleGroupMaxSize() < 1) {
      throw new IllegalArgumentException(
          "margin-desk.ingest.single-groups-in-flight and single-group-max-size must be at least 1");
    }
    this.singles =
        new GroupCommit<>(
            (arrivals, actor) -> ingestAll(arrivals, actor),
            ingest.singleGroupsInFlight(),
            ingest.singleGroupMaxSize(),
            metrics::singleSnapshotsGrouped);
  }

  /**
   * @throws Refusal 404 without a facility, 409 for an eventId used for another account
   */
  public Outcome ingest(NativeSnapshot snapshot, Actor actor) {
    return single(new SnapshotBatch.Arrival(snapshot.accountId(), snapshot.snapshot()), actor);
  }

  public Outcome ingest(BinanceEvent event, String rawPayload, Actor actor) {
    FacilityEntity facility =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    FacilityEntity.<FacilityEntity>find("exchangeAlias", event.alias())
                        .firstResultOptional()
                        .orElseThrow(
                            () ->
                                Refusal.notFound(
                                    "No facility has the exchange alias '" + event.alias() + "'")));
    RiskSnapshot snapshot = BinanceRiskMapping.toSnapshot(event, facility.asset, rawPayload);
    return single(new SnapshotBatch.Arrival(facility.accountId, snapshot), actor);
  }

  /**
   * One snapshot, applied in a transaction shared with the single snapshots that queued beside it
   * (group commit): each answer is still its own, and a bad snapshot spoils only itself.
   */
  private Outcome single(SnapshotBatch.Arrival arrival, Actor actor) {
    SnapshotBatch.Answer answer = singles.submit(actor, arrival);
    if (answer.refusal() != null) {
      throw answer.refusal();
    }
    return answer.outcome();
  }

  /**
   * Applies the snapshots in one transaction, in order, and answers each. The breaches' accounts
   * are restricted before this returns; a restriction a remote exchange did not confirm is answered
   * PENDING.
   *
   * @throws RuntimeException only when the database cannot be reached (nothing was applied)
   */
  public List<SnapshotBatch.Answer> ingestAll(List<SnapshotBatch.Arrival> arrivals, Actor actor) {
    SnapshotBatch.Applied applied;
    Set<String> restricted;
    try (IngestionPressure.Request request = pressure.enter()) {
      applied = applyWithRetries(arrivals, actor, request::restricting);
      restricted =
          applied.pending().isEmpty() ? Set.of() : restrictFirst.confirm(applied.pending());
    }
    List<SnapshotBatch.Answer> answers = new ArrayList<>(arrivals.size());
    // Counted once per source and result: a counter looked up per item was 1% of a batch's CPU.
    Map<List<String>, Long> counted = new HashMap<>();
    for (int i = 0; i < arrivals.size(); i++) {
      SnapshotBatch.Answer answer = applied.answers().get(i);
      Outcome outcome = answer.outcome();
      if (outcome != null
          && outcome.marginCallId() != null
          && restricted.contains(outcome.marginCallId())) {
        answer = new SnapshotBatch.Answer(outcome.restricted(), null);
      }
      if (answer.outcome() != null) {
        counted.merge(
            List.of(
                arrivals.get(i).snapshot().exchange() == null ? "NATIVE" : "BINANCE",
                answer.outcome().duplicate()
                    ? "duplicate"
                    : answer.outcome().stale() ? "stale" : "applied"),
            1L,
            Long::sum);
      }
      answers.add(answer);
    }
    counted.forEach((key, count) -> metrics.snapshotsIngested(key.get(0), key.get(1), count));
    return answers;
  }

  private SnapshotBatch.Applied applyWithRetries(
      List<SnapshotBatch.Arrival> arrivals, Actor actor, Runnable onBreaches) {
    for (int attempt = 1; ; attempt++) {
      try {
        return QuarkusTransaction.requiringNew()
            .call(() -> batch.apply(arrivals, actor, onBreaches));
      } catch (RuntimeException e) {
        boolean concurrent = ConcurrentWrite.of(e);
        if (concurrent && attempt < ATTEMPTS) {
          LOG.debugf(e, "Batch met a concurrent writer (attempt %d); applying it again", attempt);
          continue;
        }
        if (!concurrent) {
          throw e;
        }
        if (arrivals.size() == 1) {
          throw concurrentlyReceived();
        }
        return oneByOne(arrivals, actor, onBreaches);
      }
    }
  }

  /** The last resort of a batch that keeps meeting concurrent writers: each item on its own. */
  private SnapshotBatch.Applied oneByOne(
      List<SnapshotBatch.Arrival> arrivals, Actor actor, Runnable onBreaches) {
    List<SnapshotBatch.Answer> answers = new ArrayList<>(arrivals.size());
    List<RestrictFirst.Pending> pending = new ArrayList<>();
    for (SnapshotBatch.Arrival arrival : arrivals) {
      try {
        SnapshotBatch.Applied one = applyWithRetries(List.of(arrival), actor, onBreaches);
        answers.add(one.answers().get(0));
        pending.addAll(one.pending());
      } catch (Refusal e) {
        answers.add(new SnapshotBatch.Answer(null, e));
      }
    }
    return new SnapshotBatch.Applied(answers, pending);
  }

  private static Refusal concurrentlyReceived() {
    // The account lock cannot cover an event sent for two accounts at the same moment; the unique
    // index decides, and the loser is told plainly.
    return Refusal.conflict(
        "This event was received concurrently for another account and is refused");
  }

  /**
   * The same evaluation as {@link #ingest(NativeSnapshot, Actor)}, touching nothing. It does not
   * report restrictions: {@code restriction} is null.
   */
  @Transactional
  public WhatIf whatIf(NativeSnapshot request) {
    FacilityEntity facility = facility(request.accountId());
    RiskSnapshot snapshot = request.snapshot();
    AccountRiskEntity risk = entityManager.find(AccountRiskEntity.class, facility.accountId);
    Assessment previous = risk == null ? Assessment.HEALTHY : Assessment.valueOf(risk.assessment);
    Optional<String> open = lifecycle.openMarginCallId(facility.accountId);
    String openId = open.orElse(null);
    Optional<RiskSnapshotEntity> duplicate =
        snapshot.eventId() == null
            ? Optional.empty()
            : RiskSnapshotEntity.<RiskSnapshotEntity>find(
                    "source = 'NATIVE' and eventId = ?1", snapshot.eventId())
                .firstResultOptional();
    if (duplicate.isPresent()) {
      return new WhatIf(
          new Outcome(
              Assessment.valueOf(duplicate.get().assessment),
              reasons(duplicate.get().reasons),
              openId,
              true,
              duplicate.get().stale,
              null,
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
          new Outcome(previous, views(current), openId, false, true, null, null),
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
        new Outcome(next, views(evaluation), openId, false, false, null, null),
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

  private FacilityEntity facility(String accountId) {
    FacilityEntity facility = entityManager.find(FacilityEntity.class, accountId);
    if (facility == null) {
      throw Refusal.notFound("No facility for account '" + accountId + "'");
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

  static List<ReasonView> reasons(String json) {
    return JsonText.read(JsonMapping.MAPPER, json, REASONS);
  }

  private static <T> T pick(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
