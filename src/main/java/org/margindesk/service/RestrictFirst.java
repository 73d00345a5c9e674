package org.margindesk.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.MarginCallIds;
import org.margindesk.domain.Restriction;
import org.margindesk.gateway.ExchangeGateway;
import org.margindesk.gateway.RestrictionOrder;
import org.margindesk.gateway.RestrictionResult;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.workflow.messages.commands.CallInput;

/**
 * Makes a breach safe before ingestion answers: the account goes reduce-only with withdrawals
 * disabled under the same idempotency keys the call's workflow uses, so the workflow's own opening
 * step finds both done. An exchange whose state lives in this database is changed in ingestion's
 * transaction; a remote one is called right after the commit, with bounded parallelism, and each
 * confirmation is recorded. A restriction that could not be confirmed leaves the call PENDING (the
 * answer and the call say so), is counted in {@code margindesk_restrictions_pending_total}, and is
 * sent again by the workflow until it is done or refused (an EXCHANGE_REFUSED task).
 */
@ApplicationScoped
public class RestrictFirst {
  private static final Logger LOG = Logger.getLogger(RestrictFirst.class);

  /** The opening restrictions of one call still to be sent to a remote exchange. */
  public record Pending(
      String callId, String accountId, Instant openedAt, List<RestrictionOrder> orders) {}

  /** What {@link #restrict} did in the transaction. */
  record Restrictions(
      boolean restrictedInTransaction, Map<String, Pending> pending, List<AuditRecord> audit) {
    Pending pendingFor(String callId) {
      return pending.get(callId);
    }
  }

  private final ExchangeGateway gateway;
  private final AuditTrail audit;
  private final EntityManager em;
  private final MarginDeskMetrics metrics;
  private final CallDispatch dispatch;
  private final Clock clock;

  RestrictFirst(
      ExchangeGateway gateway,
      AuditTrail audit,
      EntityManager em,
      MarginDeskMetrics metrics,
      CallDispatch dispatch,
      Clock clock) {
    this.gateway = gateway;
    this.audit = audit;
    this.em = em;
    this.metrics = metrics;
    this.dispatch = dispatch;
    this.clock = clock;
  }

  /** The two opening restrictions of a call, keyed as its workflow keys them. */
  public static List<RestrictionOrder> openingOrders(String callId, String accountId) {
    return List.of(
        new RestrictionOrder(
            MarginCallIds.openingRestrictionKey(callId, Restriction.REDUCE_ONLY, true),
            accountId,
            Restriction.REDUCE_ONLY,
            true),
        new RestrictionOrder(
            MarginCallIds.openingRestrictionKey(callId, Restriction.WITHDRAWALS, false),
            accountId,
            Restriction.WITHDRAWALS,
            false));
  }

  /**
   * The first liquidation step's two restrictions (trading off, withdrawals off), keyed as the
   * workflow's step keys them: taken at once for a call that opens liquidating.
   */
  public static List<RestrictionOrder> firstStepOrders(String callId, String accountId) {
    List<String> keys = MarginCallIds.firstStepRestrictionKeys(callId);
    return List.of(
        new RestrictionOrder(keys.get(0), accountId, Restriction.TRADING, false),
        new RestrictionOrder(keys.get(1), accountId, Restriction.WITHDRAWALS, false));
  }

  /**
   * What ingestion sends for a new call: the opening restrictions, and for a call that opens
   * liquidating (with its first step automatic) that step's restrictions too, so the account stops
   * trading as it breaches instead of when its workflow gets to the step.
   */
  static List<RestrictionOrder> ordersFor(CallInput call) {
    List<RestrictionOrder> opening = openingOrders(call.callId(), call.accountId());
    if (!LiquidationStep.firstStepAtOpening(call.openingAssessment(), call.stepModes())) {
      return opening;
    }
    List<RestrictionOrder> orders = new ArrayList<>(opening);
    orders.addAll(firstStepOrders(call.callId(), call.accountId()));
    return orders;
  }

  /**
   * In the caller's transaction: restricts the accounts of the new calls if the exchange joins
   * transactions (one round trip for all of them), else prepares the orders for {@link #confirm}.
   */
  Restrictions restrict(List<CallInput> calls) {
    Map<String, Pending> pending = new LinkedHashMap<>();
    for (CallInput call : calls) {
      pending.put(
          call.callId(),
          new Pending(
              call.callId(),
              call.accountId(),
              Instant.ofEpochMilli(call.openedAtMillis()),
              ordersFor(call)));
    }
    if (!gateway.joinsTransactions() || calls.isEmpty()) {
      return new Restrictions(false, pending, List.of());
    }
    List<RestrictionOrder> orders =
        pending.values().stream().flatMap(p -> p.orders().stream()).toList();
    List<AuditRecord> records = new ArrayList<>(orders.size());
    List<RestrictionResult> results = gateway.setRestrictions(orders);
    Map<String, String> callOf = callByKey(pending.values());
    for (RestrictionResult result : results) {
      if (!result.isDone()) {
        // Cannot happen with an exchange in this database; failing rolls the batch back whole.
        throw new IllegalStateException("restriction not done: " + result.error());
      }
      records.add(record(callOf.get(result.order().idempotencyKey()), result));
    }
    for (CallInput call : calls) {
      metrics.breachRestrictedAtCommit(Instant.ofEpochMilli(call.openedAtMillis()), clock);
    }
    return new Restrictions(true, Map.of(), records);
  }

  /**
   * Outside any transaction, after the calls committed: sends the pending restrictions to the
   * exchange, records each one done (its audit record, under the workflow's key) and marks the
   * calls whose restrictions are all done.
   *
   * @return the ids of the calls now restricted
   */
  public Set<String> confirm(List<Pending> calls) {
    if (calls.isEmpty()) {
      return Set.of();
    }
    Map<String, String> callOf = callByKey(calls);
    // The opening restrictions first: a remote exchange gets the orders in this order, a bounded
    // number at a time, and those are what make every account safe; first steps' orders follow.
    Map<Boolean, List<RestrictionOrder>> byPhase =
        calls.stream()
            .flatMap(p -> p.orders().stream())
            .collect(Collectors.partitioningBy(order -> opening(callOf, order)));
    List<RestrictionOrder> orders = new ArrayList<>(byPhase.get(true));
    orders.addAll(byPhase.get(false));
    List<RestrictionResult> results = gateway.setRestrictions(orders);
    List<AuditRecord> records = new ArrayList<>();
    Set<String> notDone = new HashSet<>();
    for (RestrictionResult result : results) {
      String callId = callOf.get(result.order().idempotencyKey());
      if (result.isDone()) {
        records.add(record(callId, result));
      } else if (opening(callOf, result.order())) {
        notDone.add(callId);
        LOG.errorf(
            "Restriction %s of %s is PENDING: %s; the call's workflow sends it again",
            result.order().action(), callId, result.error());
      } else {
        // Only the opening restrictions make the call restricted or pending; the liquidation's
        // first step sends this one again, with an operator task if the exchange refuses it.
        LOG.warnf(
            "Restriction %s of %s not done at once: %s; the liquidation's first step sends it"
                + " again",
            result.order().action(), callId, result.error());
      }
    }
    Set<String> restricted = new HashSet<>();
    for (Pending call : calls) {
      if (!notDone.contains(call.callId())) {
        restricted.add(call.callId());
      }
    }
    Instant now = clock.instant();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              audit.appendAll(records);
              if (!restricted.isEmpty()) {
                em.createNativeQuery(
                        "UPDATE margin_call SET restricted_at = :now WHERE id IN (:ids) AND"
                            + " restricted_at IS NULL")
                    .setParameter("now", Timestamp.from(now))
                    .setParameter("ids", restricted)
                    .executeUpdate();
              }
            });
    for (Pending call : calls) {
      if (restricted.contains(call.callId())) {
        metrics.breachRestricted(Duration.between(call.openedAt(), now));
      } else {
        metrics.restrictionPending();
      }
    }
    return restricted;
  }

  /**
   * {@link #confirm} once the caller's transaction has committed, off its thread; for a call opened
   * outside ingestion, whose caller has no answer to wait for.
   */
  void confirmAfterCommit(Pending call) {
    if (call == null) {
      return;
    }
    dispatch.runAfterCommit(
        call.callId(),
        "restriction",
        () -> {
          try {
            confirm(List.of(call));
          } catch (RuntimeException e) {
            metrics.restrictionPending();
            LOG.errorf(e, "Restricting %s failed; its workflow restricts it", call.callId());
          }
        });
  }

  /** Whether {@code order} is one of its call's opening restrictions. */
  private static boolean opening(Map<String, String> callOf, RestrictionOrder order) {
    return MarginCallIds.openingRestrictionKeys(callOf.get(order.idempotencyKey()))
        .contains(order.idempotencyKey());
  }

  private static Map<String, String> callByKey(Iterable<Pending> calls) {
    Map<String, String> callOf = new LinkedHashMap<>();
    for (Pending call : calls) {
      for (RestrictionOrder order : call.orders()) {
        callOf.put(order.idempotencyKey(), call.callId());
      }
    }
    return callOf;
  }

  static AuditRecord record(String callId, RestrictionResult result) {
    return AuditRecord.builder(
            result.order().idempotencyKey(), AuditRecord.SYSTEM, result.order().action())
        .accountId(result.order().accountId())
        .marginCallId(callId)
        .details(result.result())
        .workflow(callId, null)
        .build();
  }
}
