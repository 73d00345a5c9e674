package org.margindesk.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.Session;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.domain.Assessment;
import org.margindesk.domain.LatestFigures;
import org.margindesk.domain.MarginPlusPolicy;
import org.margindesk.domain.Money;
import org.margindesk.domain.PolicyEvaluation;
import org.margindesk.domain.Refusal;
import org.margindesk.domain.RestrictionStatus;
import org.margindesk.ingest.RiskSnapshot;
import org.margindesk.persistence.AccountRiskEntity;
import org.margindesk.persistence.FacilityEntity;
import org.margindesk.persistence.IngestionReads;
import org.margindesk.persistence.IngestionRows;
import org.margindesk.persistence.IngestionRows.OpenCall;
import org.margindesk.persistence.IngestionRows.StoredSnapshot;
import org.margindesk.persistence.RiskSnapshotEntity;
import org.margindesk.persistence.TimeOrderedIds;
import org.margindesk.service.MarginCallLifecycle.CallToOpen;
import org.margindesk.service.MarginCallLifecycle.Openings;
import org.margindesk.service.MarginCallLifecycle.Steering;
import org.margindesk.service.RiskIngestionService.Outcome;

/**
 * Applies a batch of snapshots in one transaction with set-wise statements: the accounts' risk rows
 * are locked at once (in account order), duplicates are looked up at once, the snapshots and the
 * new figures are written in JDBC batches, every call the batch opens is written, restricted and
 * queued for its workflow at once, and the audit chain is appended once, last. Items are still
 * judged one at a time, in request order, against the state the earlier items left, so a batch
 * answers each item exactly as if it had been sent alone; an item that is refused changes nothing.
 */
@ApplicationScoped
public class SnapshotBatch {

  /** One snapshot for one account (a Binance event's alias already resolved). */
  public record Arrival(String accountId, RiskSnapshot snapshot) {}

  /** Each item's answer: an outcome, or the refusal that left it unapplied. */
  public record Answer(Outcome outcome, Refusal refusal) {}

  /** The answers, in order, and the restrictions to send once the transaction has committed. */
  public record Applied(List<Answer> answers, List<RestrictFirst.Pending> pending) {}

  /**
   * The account's call as the batch knows it; a call opened by the batch gets its id at the end.
   */
  private static final class CallRef {
    String id;
    boolean restricted;

    CallRef(String id, boolean restricted) {
      this.id = id;
      this.restricted = restricted;
    }
  }

  private record Judged(
      Assessment assessment,
      List<ReasonView> reasons,
      CallRef call,
      boolean duplicate,
      boolean stale,
      String snapshotId) {}

  private record ChangeAudit(AssessmentChange change, RiskSnapshot snapshot, CallRef call) {}

  private record SteerRef(CallRef call, AssessmentChange change) {}

  private final EntityManager em;
  private final MarginCallLifecycle lifecycle;
  private final FacilityService facilities;
  private final AuditTrail audit;
  private final Clock clock;

  SnapshotBatch(
      EntityManager em,
      MarginCallLifecycle lifecycle,
      FacilityService facilities,
      AuditTrail audit,
      Clock clock) {
    this.em = em;
    this.lifecycle = lifecycle;
    this.facilities = facilities;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * @param onBreaches told once the batch is known to open calls, before their rows, audit records
   *     and restrictions are written: from then on bookkeeping yields to it
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Applied apply(List<Arrival> arrivals, Actor actor, Runnable onBreaches) {
    Instant now = clock.instant();
    int size = arrivals.size();
    Answer[] answers = new Answer[size];
    Judged[] judged = new Judged[size];
    List<String> accounts = arrivals.stream().map(Arrival::accountId).sorted().distinct().toList();
    List<String> eventIds = new ArrayList<>();
    for (Arrival arrival : arrivals) {
      if (arrival.snapshot().exchange() == null && arrival.snapshot().eventId() != null) {
        eventIds.add(arrival.snapshot().eventId());
      }
    }
    Session session = em.unwrap(Session.class);
    IngestionReads.Known found =
        session.doReturningWork(c -> IngestionReads.read(c, accounts, eventIds, now));
    Map<String, FacilityEntity> facilityOf = found.facilities();
    Map<String, AccountRiskEntity> risks = found.risks();
    Map<String, StoredSnapshot> stored = found.stored();
    Map<String, CallRef> calls = new HashMap<>();
    for (OpenCall open : found.openCalls().values()) {
      calls.put(open.accountId(), new CallRef(open.id(), open.restrictedAt() != null));
    }
    Map<Object, Integer> firstByKey = new HashMap<>();
    List<RiskSnapshotEntity> rows = new ArrayList<>();
    Set<AccountRiskEntity> changed = new LinkedHashSet<>();
    List<CallToOpen> toOpen = new ArrayList<>();
    List<CallRef> opening = new ArrayList<>();
    List<SteerRef> steers = new ArrayList<>();
    List<ChangeAudit> changeAudits = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Arrival arrival = arrivals.get(i);
      RiskSnapshot snapshot = arrival.snapshot();
      FacilityEntity facility = facilityOf.get(arrival.accountId());
      if (facility == null) {
        answers[i] =
            new Answer(
                null, Refusal.notFound("No facility for account '" + arrival.accountId() + "'"));
        continue;
      }
      String account = facility.accountId;
      Object key = snapshot.exchange() == null ? snapshot.eventId() : snapshot.exchange();
      Integer first = firstByKey.get(key);
      if (first != null) {
        Judged earlier = judged[first];
        judged[i] =
            arrivals.get(first).accountId().equals(account)
                ? new Judged(
                    earlier.assessment(),
                    earlier.reasons(),
                    calls.get(account),
                    true,
                    earlier.stale(),
                    earlier.snapshotId())
                : null;
        if (judged[i] == null) {
          answers[i] = new Answer(null, usedForAnotherAccount(snapshot));
        }
        continue;
      }
      StoredSnapshot before =
          snapshot.exchange() == null ? stored.get(snapshot.eventId()) : storedEvent(snapshot);
      if (before != null) {
        if (!before.accountId().equals(account)) {
          answers[i] = new Answer(null, usedForAnotherAccount(snapshot));
        } else {
          judged[i] =
              new Judged(
                  Assessment.valueOf(before.assessment()),
                  RiskIngestionService.reasons(before.reasons()),
                  calls.get(account),
                  true,
                  before.stale(),
                  before.id().toString());
        }
        continue;
      }
      firstByKey.put(key, i);
      AccountRiskEntity risk = risks.get(account);
      Assessment previous = Assessment.valueOf(risk.assessment);
      LatestFigures known = risk.figures();
      if (known.isStale(
          snapshot.collateralBalance(), snapshot.maintenanceMarginRatio(), snapshot.asOf())) {
        PolicyEvaluation current = evaluate(facility, known);
        List<ReasonView> reasons = views(current);
        RiskSnapshotEntity row =
            row(account, snapshot, true, current, reasons, previous, now, actor);
        rows.add(row);
        judged[i] =
            new Judged(previous, reasons, calls.get(account), false, true, row.id.toString());
        continue;
      }
      // Each figure the snapshot carries replaces the known one unless it is older than it.
      LatestFigures after =
          known.after(
              snapshot.collateralBalance(), snapshot.maintenanceMarginRatio(), snapshot.asOf());
      PolicyEvaluation evaluation = evaluate(facility, after);
      Assessment next = evaluation.assessment();
      List<ReasonView> reasons = views(evaluation);
      RiskSnapshotEntity row =
          row(account, snapshot, false, evaluation, reasons, previous, now, actor);
      rows.add(row);
      risk.setFigures(after);
      risk.assessment = next.name();
      risk.lastSnapshotId = row.id;
      risk.updatedAt = now;
      changed.add(risk);
      AssessmentChange change =
          new AssessmentChange(
              account,
              previous,
              evaluation,
              after.cab(),
              after.mmr() == null ? null : after.mmr().rounded(),
              snapshot.asOf(),
              row.id.toString());
      CallRef call = calls.get(account);
      if (call == null && next != Assessment.HEALTHY) {
        // In breach with no call, changed or not: the state, not a change, says it needs one.
        call = new CallRef(null, false);
        calls.put(account, call);
        toOpen.add(new CallToOpen(facility, change));
        opening.add(call);
      } else if (call != null && next != previous) {
        steers.add(new SteerRef(call, change));
      }
      if (next != previous) {
        changeAudits.add(new ChangeAudit(change, snapshot, call));
      }
      judged[i] = new Judged(next, reasons, call, false, false, row.id.toString());
    }
    if (!toOpen.isEmpty()) {
      onBreaches.run();
    }
    session.doWork(c -> IngestionRows.writeSnapshots(c, rows, changed));
    Openings openings = lifecycle.open(toOpen);
    List<RestrictFirst.Pending> pending = new ArrayList<>();
    for (int k = 0; k < opening.size(); k++) {
      MarginCallLifecycle.OpenedCall opened = openings.calls().get(k);
      opening.get(k).id = opened.callId();
      opening.get(k).restricted = opened.restricted();
      if (opened.pending() != null) {
        pending.add(opened.pending());
      }
    }
    lifecycle.steer(
        steers.stream()
            .filter(steer -> steer.call().id != null)
            .map(steer -> new Steering(steer.call().id, steer.change()))
            .toList());
    List<AuditRecord> records = new ArrayList<>();
    for (ChangeAudit changeAudit : changeAudits) {
      records.add(
          changeRecord(
              changeAudit.change(),
              changeAudit.snapshot(),
              changeAudit.call() == null ? null : changeAudit.call().id,
              actor));
    }
    records.addAll(openings.audit());
    audit.appendAll(records);
    for (int i = 0; i < size; i++) {
      if (answers[i] == null) {
        answers[i] = new Answer(outcome(judged[i]), null);
      }
    }
    return new Applied(List.of(answers), pending);
  }

  private StoredSnapshot storedEvent(RiskSnapshot snapshot) {
    RiskSnapshot.ExchangeEventKey key = snapshot.exchange();
    return em.unwrap(Session.class)
        .doReturningWork(
            c ->
                IngestionReads.exchangeSnapshot(
                    c, key.alias(), key.eventType(), key.eventTime(), key.transactionTime()));
  }

  private static Refusal usedForAnotherAccount(RiskSnapshot snapshot) {
    return snapshot.exchange() == null
        ? Refusal.conflict(
            "eventId '" + snapshot.eventId() + "' was already used for another account")
        : Refusal.conflict("This exchange event was already received for another account");
  }

  private static Outcome outcome(Judged judged) {
    CallRef call = judged.call();
    String callId = call == null ? null : call.id;
    RestrictionStatus restriction =
        callId == null
            ? null
            : call.restricted ? RestrictionStatus.APPLIED : RestrictionStatus.PENDING;
    return new Outcome(
        judged.assessment(),
        judged.reasons(),
        callId,
        judged.duplicate(),
        judged.stale(),
        judged.snapshotId(),
        restriction);
  }

  private PolicyEvaluation evaluate(FacilityEntity facility, LatestFigures figures) {
    return MarginPlusPolicy.evaluate(
        facility.marginPlusAmount,
        facilities.effectivePolicy(facility),
        figures.cab(),
        figures.mmr());
  }

  static List<ReasonView> views(PolicyEvaluation evaluation) {
    return evaluation.reasons().stream().map(ReasonView::of).toList();
  }

  static RiskSnapshotEntity row(
      String accountId,
      RiskSnapshot snapshot,
      boolean stale,
      PolicyEvaluation evaluation,
      List<ReasonView> reasons,
      Assessment previous,
      Instant now,
      Actor actor) {
    RiskSnapshotEntity row = new RiskSnapshotEntity();
    row.id = TimeOrderedIds.next();
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
    // A healthy account has no reasons, and most snapshots are healthy ones.
    row.reasons = reasons.isEmpty() ? "[]" : FacilityService.json(reasons);
    row.rawPayload = snapshot.rawPayload();
    row.receivedAt = now;
    row.receivedBy = actor.name();
    return row;
  }

  static AuditRecord changeRecord(
      AssessmentChange change, RiskSnapshot snapshot, String callId, Actor actor) {
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("snapshotId", change.snapshotId());
    details.put("source", snapshot.source().name());
    details.put("eventId", snapshot.eventId());
    details.put("exchangeEvent", snapshot.exchange());
    details.put("asOf", change.asOf().toString());
    details.put("collateralBalance", Money.plain(change.collateralBalance()));
    details.put("maintenanceMarginRatio", Money.plain(change.maintenanceMarginRatio()));
    details.put("previous", change.previous().name());
    details.put("assessment", change.current().name());
    details.put("reasons", views(change.evaluation()));
    return AuditRecord.builder(
            "snapshot:" + change.snapshotId() + ":assessment",
            actor.name(),
            RiskIngestionService.ASSESSMENT_CHANGED)
        .actorRoles(actor.roles())
        .accountId(change.accountId())
        .marginCallId(callId)
        .reason(change.previous() + " -> " + change.current())
        .before(FacilityService.json(Map.of("assessment", change.previous().name())))
        .after(FacilityService.json(Map.of("assessment", change.current().name())))
        .details(FacilityService.json(details))
        .build();
  }
}
