package org.margindesk.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.margindesk.config.JsonText;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.domain.Money;
import org.margindesk.domain.Restriction;

/**
 * The exchange simulated in PostgreSQL. Each effect first claims its idempotency key in {@code
 * sim_side_effect}; a concurrent call with the same key waits on that row and then returns the
 * stored result, so an effect happens once however often it is requested.
 */
@ApplicationScoped
@Typed(SimulatedExchange.class)
public class SimulatedExchange implements ExchangeGateway {
  private static final Logger LOG = Logger.getLogger(SimulatedExchange.class);

  private final EntityManager em;
  private final Clock clock;
  private final ObjectMapper json;
  private final Duration effectDelay;

  SimulatedExchange(EntityManager em, Clock clock, ObjectMapper json, MarginDeskConfig config) {
    this.em = em;
    this.clock = clock;
    this.json = json;
    this.effectDelay = config.gateway().simulated().effectDelay();
  }

  @Override
  @Transactional
  public String setRestriction(
      String idempotencyKey, String accountId, Restriction restriction, boolean enabled) {
    return once(
        idempotencyKey,
        accountId,
        restriction.name() + (enabled ? "_ON" : "_OFF"),
        () -> {
          ensureAccount(accountId);
          String column =
              switch (restriction) {
                case REDUCE_ONLY -> "reduce_only";
                case WITHDRAWALS -> "withdrawals_enabled";
                case TRADING -> "trading_enabled";
              };
          em.createNativeQuery(
                  "UPDATE sim_account_control SET "
                      + column
                      + " = :v, updated_at = :now WHERE account_id = :a")
              .setParameter("v", enabled)
              .setParameter("now", now())
              .setParameter("a", accountId)
              .executeUpdate();
          Map<String, Object> result = new LinkedHashMap<>();
          result.put("restriction", restriction.path());
          result.put("enabled", enabled);
          return result;
        });
  }

  /**
   * Every order in a few statements, in the caller's transaction: the restrictions commit with the
   * breach that caused them. Keys already performed are not performed again; every order answers
   * with its key's stored result, exactly as {@link #setRestriction} would.
   */
  @Override
  @Transactional(Transactional.TxType.MANDATORY)
  public List<RestrictionResult> setRestrictions(List<RestrictionOrder> orders) {
    if (orders.isEmpty()) {
      return List.of();
    }
    // Account order, so two transactions restricting overlapping accounts lock rows alike.
    List<RestrictionOrder> sorted = new ArrayList<>(orders);
    sorted.sort(Comparator.comparing(RestrictionOrder::accountId));
    Map<String, String> results =
        em.unwrap(Session.class)
            .doReturningWork(
                connection ->
                    SimulatedRestrictions.apply(
                        connection, sorted, now(), this::restrictionResult));
    return orders.stream()
        .map(order -> RestrictionResult.done(order, results.get(order.idempotencyKey())))
        .toList();
  }

  @Override
  public boolean joinsTransactions() {
    return true;
  }

  private String restrictionResult(RestrictionOrder order) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("restriction", order.restriction().path());
    result.put("enabled", order.enabled());
    result.put("simulated", true);
    return write(result);
  }

  @Override
  @Transactional
  public String closeAllPositions(String idempotencyKey, String accountId) {
    return once(
        idempotencyKey,
        accountId,
        "CLOSE_ALL_POSITIONS",
        () -> {
          @SuppressWarnings("unchecked")
          List<Object[]> open =
              em.createNativeQuery(
                      "SELECT symbol, quantity, mark_price FROM sim_position WHERE account_id = :a"
                          + " AND quantity <> 0 ORDER BY symbol FOR UPDATE")
                  .setParameter("a", accountId)
                  .getResultList();
          for (Object[] position : open) {
            // A fill takes the opposite side of the position at its mark price.
            em.createNativeQuery(
                    "INSERT INTO sim_fill (idempotency_key, account_id, symbol, quantity, price,"
                        + " filled_at) VALUES (:k, :a, :s, :q, :p, :now)")
                .setParameter("k", idempotencyKey)
                .setParameter("a", accountId)
                .setParameter("s", position[0])
                .setParameter("q", ((BigDecimal) position[1]).negate())
                .setParameter("p", position[2])
                .setParameter("now", now())
                .executeUpdate();
          }
          em.createNativeQuery(
                  "UPDATE sim_position SET quantity = 0, updated_at = :now WHERE account_id = :a"
                      + " AND quantity <> 0")
              .setParameter("now", now())
              .setParameter("a", accountId)
              .executeUpdate();
          Map<String, Object> result = new LinkedHashMap<>();
          result.put("positionsClosed", open.size());
          return result;
        });
  }

  @Override
  @Transactional
  public String moveFunds(
      String idempotencyKey,
      String accountId,
      String asset,
      BigDecimal amount,
      String destination) {
    if (amount.signum() <= 0) {
      throw new GatewayException("amount must be positive, got " + amount, false, null);
    }
    return once(
        idempotencyKey,
        accountId,
        "MOVE_FUNDS",
        () -> {
          book(idempotencyKey, accountId, asset, amount.negate());
          book(idempotencyKey, destination, asset, amount);
          Map<String, Object> result = new LinkedHashMap<>();
          result.put("asset", asset);
          result.put("amount", Money.format(Money.of(amount)));
          result.put("from", accountId);
          result.put("to", destination);
          return result;
        });
  }

  /** The account's current restrictions; an account the exchange never touched has none. */
  @Transactional
  @Override
  public AccountControls restrictions(String accountId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT reduce_only, withdrawals_enabled, trading_enabled FROM sim_account_control"
                    + " WHERE account_id = :a")
            .setParameter("a", accountId)
            .getResultList();
    if (rows.isEmpty()) {
      return AccountControls.UNRESTRICTED;
    }
    Object[] row = rows.get(0);
    return new AccountControls((Boolean) row[0], (Boolean) row[1], (Boolean) row[2]);
  }

  /** The balance of an owner (an account, or an exchange book) in one asset. */
  @Transactional
  public BigDecimal balance(String owner, String asset) {
    Object sum =
        em.createNativeQuery(
                "SELECT COALESCE(SUM(amount), 0) FROM sim_funds_ledger WHERE owner = :o AND asset"
                    + " = :s")
            .setParameter("o", owner)
            .setParameter("s", asset)
            .getSingleResult();
    return Money.of((BigDecimal) sum);
  }

  /** Seeds a position or funds, as the exchange's own trading would; used by demos and tests. */
  @Transactional
  public void openPosition(String accountId, String symbol, BigDecimal quantity, BigDecimal mark) {
    em.createNativeQuery(
            "INSERT INTO sim_position (account_id, symbol, quantity, mark_price, updated_at)"
                + " VALUES (:a, :s, :q, :p, :now) ON CONFLICT (account_id, symbol) DO UPDATE SET"
                + " quantity = EXCLUDED.quantity, mark_price = EXCLUDED.mark_price, updated_at ="
                + " EXCLUDED.updated_at")
        .setParameter("a", accountId)
        .setParameter("s", symbol)
        .setParameter("q", quantity)
        .setParameter("p", mark)
        .setParameter("now", now())
        .executeUpdate();
  }

  @Transactional
  public void deposit(String idempotencyKey, String accountId, String asset, BigDecimal amount) {
    once(
        idempotencyKey,
        accountId,
        "DEPOSIT",
        () -> {
          book(idempotencyKey, accountId, asset, amount);
          return Map.of("asset", asset, "amount", Money.format(Money.of(amount)));
        });
  }

  private String once(
      String idempotencyKey, String accountId, String effect, Supplier<Map<String, Object>> work) {
    int claimed =
        em.createNativeQuery(
                "INSERT INTO sim_side_effect (idempotency_key, account_id, effect, result,"
                    + " performed_at) VALUES (:k, :a, :e, CAST('{}' AS jsonb), :now) ON CONFLICT"
                    + " (idempotency_key) DO NOTHING")
            .setParameter("k", idempotencyKey)
            .setParameter("a", accountId)
            .setParameter("e", effect)
            .setParameter("now", now())
            .executeUpdate();
    if (claimed == 0) {
      return storedResult(idempotencyKey)
          .orElseThrow(() -> new IllegalStateException("side effect vanished: " + idempotencyKey));
    }
    holdForCrashTests(idempotencyKey);
    Map<String, Object> performed = new LinkedHashMap<>(work.get());
    // Stored with the effect and copied into its audit record: nothing real happened.
    performed.put("simulated", true);
    String result = write(performed);
    em.createNativeQuery(
            "UPDATE sim_side_effect SET result = CAST(:r AS jsonb) WHERE idempotency_key = :k")
        .setParameter("r", result)
        .setParameter("k", idempotencyKey)
        .executeUpdate();
    // Read back as PostgreSQL renders it, so a repeated key returns exactly the same text.
    return storedResult(idempotencyKey).orElseThrow();
  }

  /** margin-desk.gateway.simulated.effect-delay: the crash suite kills the service in here. */
  private void holdForCrashTests(String idempotencyKey) {
    if (effectDelay.isZero() || effectDelay.isNegative()) {
      return;
    }
    LOG.infof("Simulated exchange holding effect %s for %s", idempotencyKey, effectDelay);
    try {
      Thread.sleep(effectDelay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while holding " + idempotencyKey, e);
    }
  }

  private Optional<String> storedResult(String idempotencyKey) {
    @SuppressWarnings("unchecked")
    List<Object> rows =
        em.createNativeQuery(
                "SELECT CAST(result AS text) FROM sim_side_effect WHERE idempotency_key = :k")
            .setParameter("k", idempotencyKey)
            .getResultList();
    return rows.stream().findFirst().map(Object::toString);
  }

  private void ensureAccount(String accountId) {
    em.createNativeQuery(
            "INSERT INTO sim_account_control (account_id, updated_at) VALUES (:a, :now) ON"
                + " CONFLICT (account_id) DO NOTHING")
        .setParameter("a", accountId)
        .setParameter("now", now())
        .executeUpdate();
  }

  private void book(String idempotencyKey, String owner, String asset, BigDecimal amount) {
    em.createNativeQuery(
            "INSERT INTO sim_funds_ledger (idempotency_key, owner, asset, amount, booked_at)"
                + " VALUES (:k, :o, :s, :m, :now)")
        .setParameter("k", idempotencyKey)
        .setParameter("o", owner)
        .setParameter("s", asset)
        .setParameter("m", amount)
        .setParameter("now", now())
        .executeUpdate();
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }

  private String write(Map<String, Object> result) {
    return JsonText.write(json, result);
  }
}
