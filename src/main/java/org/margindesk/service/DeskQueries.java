package org.margindesk.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.margindesk.config.JsonText;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.Money;
import org.margindesk.domain.TaskStatus;
import org.margindesk.persistence.AccountRiskEntity;
import org.margindesk.persistence.FacilityEntity;
import org.margindesk.persistence.MarginCallEntity;
import org.margindesk.persistence.OperatorTaskEntity;
import org.margindesk.persistence.RiskSnapshotEntity;
import org.margindesk.workflow.messages.values.PolicyValues;

/**
 * What the operations console's desk and account pages read beyond the API's views: every open call
 * with its account's latest figures against the levels of the policy it opened under, how many
 * calls opened lately (a shock shows there first), and an account's recent snapshots.
 */
@ApplicationScoped
public class DeskQueries {
  private final Clock clock;
  private final ObjectMapper json;

  DeskQueries(Clock clock, ObjectMapper json) {
    this.clock = clock;
    this.json = json;
  }

  /**
   * One open call on the desk. The levels are the call's policy applied to the facility's amount:
   * {@code topUpLevel} (125% by default) and {@code terminationLevel} (110%).
   */
  public record DeskRow(
      String id,
      String accountId,
      String status,
      String trigger,
      List<String> reasons,
      String collateralBalance,
      String topUpLevel,
      String terminationLevel,
      String cabBand,
      String mmr,
      String mmrMarginCall,
      String mmrLiquidation,
      Instant deadline,
      long secondsLeft,
      String currentStep,
      long openTasks,
      boolean restricted) {}

  /** Calls opened in the last minute and five minutes, and how many are open now. */
  public record Counters(long lastMinute, long lastFiveMinutes, long open, long liquidating) {}

  /** One stored snapshot for the account chart. */
  public record RiskPoint(Instant asOf, String collateralBalance, String mmr, String assessment) {}

  /** What the desk is filtered by; a null field does not filter. */
  public record DeskFilter(String text, String status, String trigger) {}

  /**
   * One page of the desk: {@code matching} counts every open call the filter matches, so the page
   * can say how many are not shown.
   */
  public record DeskPage(List<DeskRow> rows, long matching, int page, int pageSize) {
    public long firstShown() {
      return rows.isEmpty() ? 0 : (long) (page - 1) * pageSize + 1;
    }

    public long lastShown() {
      return rows.isEmpty() ? 0 : firstShown() + rows.size() - 1;
    }

    public boolean hasNext() {
      return (long) page * pageSize < matching;
    }

    public boolean hasPrevious() {
      return page > 1;
    }
  }

  /**
   * Page {@code page} (from 1) of the open calls that match {@code filter}, least time left first.
   * The filter, the order and the page are applied by PostgreSQL: during a shock the desk has
   * thousands of open calls and every open desk refreshes every few seconds.
   */
  @Transactional
  public DeskPage openCalls(DeskFilter filter, int page, int pageSize) {
    StringBuilder where = new StringBuilder("status in :open");
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("open", MarginCallEntity.OPEN_STATUSES);
    if (filter.status() != null) {
      Optional<CallStatus> status =
          Arrays.stream(CallStatus.values())
              .filter(known -> known.name().equals(filter.status()))
              .findFirst();
      if (status.isEmpty()) {
        // The desk's filter is free text in the URL: a status no call can have matches none.
        return new DeskPage(List.of(), 0, page, pageSize);
      }
      where.append(" and status = :status");
      parameters.put("status", status.get());
    }
    if (filter.trigger() != null) {
      where.append(" and openingAssessment = :trigger");
      parameters.put("trigger", filter.trigger());
    }
    if (filter.text() != null) {
      where.append(
          " and (lower(id) like :text escape '!' or lower(accountId) like :text escape '!')");
      parameters.put("text", "%" + likeLiteral(filter.text().toLowerCase(Locale.ROOT)) + "%");
    }
    long matching = MarginCallEntity.count(where.toString(), parameters);
    List<MarginCallEntity> calls =
        MarginCallEntity.<MarginCallEntity>find(where + " order by deadline, id", parameters)
            .page(Page.of(page - 1, pageSize))
            .list();
    return new DeskPage(rows(calls), matching, page, pageSize);
  }

  private List<DeskRow> rows(List<MarginCallEntity> calls) {
    if (calls.isEmpty()) {
      return List.of();
    }
    List<String> accounts = calls.stream().map(call -> call.accountId).distinct().toList();
    Map<String, FacilityEntity> facilities =
        byId(FacilityEntity.list("accountId in ?1", accounts), f -> ((FacilityEntity) f).accountId);
    Map<String, AccountRiskEntity> risks =
        byId(
            AccountRiskEntity.list("accountId in ?1", accounts),
            r -> ((AccountRiskEntity) r).accountId);
    Map<String, Long> openTasks = new HashMap<>();
    OperatorTaskEntity.<OperatorTaskEntity>list(
            "marginCallId in ?1 and status <> ?2",
            calls.stream().map(c -> c.id).toList(),
            TaskStatus.DONE)
        .forEach(task -> openTasks.merge(task.marginCallId, 1L, Long::sum));
    Instant now = clock.instant();
    return calls.stream()
        .map(
            call ->
                row(
                    call,
                    facilities.get(call.accountId),
                    risks.get(call.accountId),
                    openTasks.getOrDefault(call.id, 0L),
                    now))
        .toList();
  }

  @Transactional
  public Counters counters() {
    Instant now = clock.instant();
    return new Counters(
        MarginCallEntity.count("openedAt > ?1", now.minus(Duration.ofMinutes(1))),
        MarginCallEntity.count("openedAt > ?1", now.minus(Duration.ofMinutes(5))),
        MarginCallEntity.count("status in ?1", MarginCallEntity.OPEN_STATUSES),
        MarginCallEntity.count("status", CallStatus.LIQUIDATING));
  }

  /** The account's latest {@code limit} snapshots that counted (not stale), oldest first. */
  @Transactional
  public List<RiskPoint> riskHistory(String accountId, int limit) {
    List<RiskSnapshotEntity> rows =
        RiskSnapshotEntity.<RiskSnapshotEntity>find(
                "accountId = ?1 and stale = false order by asOf desc, receivedAt desc", accountId)
            .range(0, limit - 1)
            .list();
    List<RiskPoint> points =
        new java.util.ArrayList<>(
            rows.stream()
                .map(
                    row ->
                        new RiskPoint(
                            row.asOf,
                            Money.plain(row.collateralBalance),
                            Money.plain(row.maintenanceMarginRatio),
                            row.assessment))
                .toList());
    Collections.reverse(points);
    return points;
  }

  private DeskRow row(
      MarginCallEntity call,
      FacilityEntity facility,
      AccountRiskEntity risk,
      long openTasks,
      Instant now) {
    PolicyValues policy = policy(call.policy);
    BigDecimal amount = facility == null ? null : facility.marginPlusAmount;
    BigDecimal topUp = level(amount, policy.minTopUpRatio());
    BigDecimal termination = level(amount, policy.terminationRatio());
    BigDecimal cab = risk == null ? null : risk.collateralBalance;
    String band =
        cab == null || topUp == null || termination == null
            ? "unknown"
            : cab.compareTo(termination) < 0
                ? "below-termination"
                : cab.compareTo(topUp) < 0 ? "below-top-up" : "above-top-up";
    return new DeskRow(
        call.id,
        call.accountId,
        call.status.name(),
        call.openingAssessment,
        reasons(call.triggerReasons),
        Money.plain(cab),
        Money.plain(topUp),
        Money.plain(termination),
        band,
        risk == null || risk.maintenanceMarginRatio == null
            ? null
            : Money.plain(risk.maintenanceMarginRatio),
        Money.plain(policy.mmrMarginCall()),
        Money.plain(policy.mmrLiquidation()),
        call.deadline,
        Duration.between(now, call.deadline).toSeconds(),
        call.currentStep,
        openTasks,
        call.restrictedAt != null);
  }

  private static BigDecimal level(BigDecimal amount, BigDecimal ratio) {
    return amount == null || ratio == null ? null : Money.roundedUp(amount.multiply(ratio));
  }

  /** {@code text} matched literally by {@code like … escape '!'}. */
  private static String likeLiteral(String text) {
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  @SuppressWarnings("unchecked")
  private static <T> Map<String, T> byId(List<?> rows, Function<Object, String> id) {
    return rows.stream().collect(Collectors.toMap(id, row -> (T) row, (a, b) -> a, HashMap::new));
  }

  private PolicyValues policy(String text) {
    return JsonText.read(json, text, PolicyValues.class);
  }

  private List<String> reasons(String text) {
    return List.of(JsonText.read(json, text, String[].class));
  }
}
