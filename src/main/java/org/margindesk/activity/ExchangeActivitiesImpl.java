package org.margindesk.activity;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.domain.MarginCallIds;
import org.margindesk.domain.Restriction;
import org.margindesk.gateway.ExchangeGateway;
import org.margindesk.gateway.GatewayException;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.persistence.FacilityEntity;
import org.margindesk.persistence.MarginCallEntity;
import org.margindesk.workflow.messages.values.LifecycleFailure;

/**
 * Runs gateway effects and audits each under the same key as the effect, so the audit trail holds
 * one record per effect however often an activity is retried.
 */
@ApplicationScoped
public class ExchangeActivitiesImpl implements ExchangeActivities {
  /** The exchange book that reclaimed Margin+ funds move to. */
  public static final String MARGIN_PLUS_BOOK = "exchange:margin-plus";

  private final ExchangeGateway gateway;
  private final AuditTrail audit;
  private final MarginDeskMetrics metrics;
  private final Clock clock;

  ExchangeActivitiesImpl(
      ExchangeGateway gateway, AuditTrail audit, MarginDeskMetrics metrics, Clock clock) {
    this.gateway = gateway;
    this.audit = audit;
    this.metrics = metrics;
    this.clock = clock;
  }

  // No method here is @Transactional: the gateway may be a remote exchange, and a remote call must
  // not hold a pooled connection and a transaction open. Reads and the record of the result each
  // take a short transaction of their own; a crash between the call and the record is healed by the
  // activity's retry, which repeats the idempotency key and records the first result. An exchange
  // whose state is in this database (the simulated one) joins one transaction around all of it
  // instead: the effect commits with its record, and a liquidation step's restriction costs one
  // transaction, not three.

  @Override
  public String restrict(RestrictionCommand command) {
    return atOnceIfJoined(() -> restrictOnce(command));
  }

  private String restrictOnce(RestrictionCommand command) {
    Optional<AuditTrail.Recorded> recorded =
        QuarkusTransaction.joiningExisting().call(() -> audit.find(command.idempotencyKey()));
    if (recorded.isPresent()) {
      // Done and recorded already, by ingestion's restrict-first or by an earlier attempt, each in
      // the transaction that marked the call restricted: a market shock's workflows confirm their
      // opening restrictions with one read, not a second round trip to the exchange.
      return recorded.get().details();
    }
    boolean firstReduceOnly = command.restriction() == Restriction.REDUCE_ONLY && command.enabled();
    String result =
        call(
            () ->
                gateway.setRestriction(
                    command.idempotencyKey(),
                    command.accountId(),
                    command.restriction(),
                    command.enabled()));
    String action = command.restriction().name() + (command.enabled() ? "_ON" : "_OFF");
    QuarkusTransaction.joiningExisting()
        .run(
            () -> {
              record(command.idempotencyKey(), command.actor(), action, command, result);
              if (command
                  .idempotencyKey()
                  .equals(
                      MarginCallIds.openingRestrictionKey(
                          command.callId(), command.restriction(), command.enabled()))) {
                MarginCallEntity.markRestrictedIfConfirmed(command.callId(), clock.instant());
              }
              if (firstReduceOnly) {
                MarginCallEntity call = MarginCallEntity.findById(command.callId());
                if (call != null) {
                  metrics.breachRestricted(Duration.between(call.openedAt, clock.instant()));
                }
              }
            });
    return result;
  }

  @Override
  public String closeAllPositions(ExchangeCommand command) {
    return atOnceIfJoined(
        () -> {
          String result =
              call(() -> gateway.closeAllPositions(command.idempotencyKey(), command.accountId()));
          recordApart(command, "POSITIONS_CLOSED", result);
          return result;
        });
  }

  @Override
  public String reclaimMarginPlus(ExchangeCommand command) {
    return atOnceIfJoined(() -> reclaimOnce(command));
  }

  private String reclaimOnce(ExchangeCommand command) {
    FacilityEntity facility =
        QuarkusTransaction.joiningExisting()
            .call(() -> FacilityEntity.<FacilityEntity>findById(command.accountId()));
    if (facility == null) {
      throw LifecycleFailure.NOT_FOUND.failure("no facility for " + command.accountId());
    }
    String result =
        call(
            () ->
                gateway.moveFunds(
                    command.idempotencyKey(),
                    command.accountId(),
                    facility.asset,
                    facility.marginPlusAmount,
                    MARGIN_PLUS_BOOK));
    recordApart(command, "MARGIN_PLUS_RECLAIMED", result);
    return result;
  }

  /**
   * Runs {@code effect} in one transaction when the gateway joins ours; otherwise as it is, each of
   * its reads and records in a short transaction of its own (joining none).
   */
  private String atOnceIfJoined(Supplier<String> effect) {
    return gateway.joinsTransactions()
        ? QuarkusTransaction.requiringNew().call(effect::get)
        : effect.get();
  }

  /** The effect's audit record: in the gateway's transaction if it joined one, else apart. */
  private void recordApart(ExchangeCommand command, String action, String result) {
    QuarkusTransaction.joiningExisting()
        .run(() -> record(command.idempotencyKey(), command.actor(), action, command, result));
  }

  private void record(String key, String actor, String action, Object command, String result) {
    String accountId;
    String callId;
    if (command instanceof RestrictionCommand r) {
      accountId = r.accountId();
      callId = r.callId();
    } else {
      ExchangeCommand e = (ExchangeCommand) command;
      accountId = e.accountId();
      callId = e.callId();
    }
    audit.append(
        AuditRecord.builder(key, actor, action)
            .accountId(accountId)
            .marginCallId(callId)
            .details(result)
            .workflow(callId, null)
            .build());
  }

  private static String call(Supplier<String> effect) {
    try {
      return effect.get();
    } catch (GatewayException e) {
      throw (e.retryable()
              ? LifecycleFailure.GATEWAY_UNAVAILABLE
              : LifecycleFailure.GATEWAY_REJECTED)
          .failure(e.getMessage());
    }
  }
}
