package org.margindesk.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.domain.MarginPlusPolicy;
import org.margindesk.domain.PolicyThresholds;
import org.margindesk.persistence.FacilityEntity;

/** Facilities, assessment changes and row counts for lifecycle tests against real PostgreSQL. */
@ApplicationScoped
public class LifecycleFixtures {
  public static final BigDecimal M_PLUS = new BigDecimal("10000");

  private final AgroalDataSource dataSource;
  private final MarginCallLifecycle lifecycle;
  private final boolean startsAtCommit;

  LifecycleFixtures(
      AgroalDataSource dataSource, MarginCallLifecycle lifecycle, MarginDeskConfig config) {
    this.dataSource = dataSource;
    this.lifecycle = lifecycle;
    this.startsAtCommit = config.workflowStarts().immediate();
  }

  /** A new account with a 10,000 USDT facility; {@code window} null keeps the default 12 hours. */
  public String facility(String window) {
    String accountId = "acc-" + UUID.randomUUID().toString().substring(0, 8);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              FacilityEntity facility = new FacilityEntity();
              facility.accountId = accountId;
              facility.marginPlusAmount = M_PLUS;
              facility.asset = "USDT";
              facility.exchangeAlias = "alias-" + accountId;
              facility.status = FacilityEntity.ACTIVE;
              facility.remediationWindow = window;
              facility.createdAt = Instant.now();
              facility.updatedAt = facility.createdAt;
              facility.persist();
            });
    return accountId;
  }

  /** What ingestion does: evaluate a snapshot and call the port in its own transaction. */
  public Optional<String> snapshot(String accountId, String collateralBalance) {
    AssessmentChange change = change(accountId, collateralBalance);
    Optional<String> callId =
        QuarkusTransaction.requiringNew().call(() -> lifecycle.onAssessmentChanged(change));
    callId.ifPresent(this::awaitStarted);
    return callId;
  }

  /**
   * Waits (briefly, in real time) until the call's workflow was started: starts are made after the
   * commit, off the caller's thread, and tests act on the workflow next.
   */
  public void awaitStarted(String callId) {
    if (!startsAtCommit) {
      return;
    }
    Poll.until(
        java.time.Duration.ofSeconds(20),
        "the start of " + callId,
        () -> count("SELECT count(*) FROM workflow_start WHERE call_id = ?", callId) == 0);
  }

  public AssessmentChange change(String accountId, String collateralBalance) {
    BigDecimal cab = new BigDecimal(collateralBalance);
    return new AssessmentChange(
        accountId,
        null,
        MarginPlusPolicy.evaluate(M_PLUS, PolicyThresholds.seedDefaults(), cab, null),
        cab,
        null,
        Instant.now(),
        "snap-" + UUID.randomUUID());
  }

  public long count(String sql, Object... args) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public String text(String sql, Object... args) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs one INSERT, UPDATE or DELETE in its own transaction; returns the rows it touched. */
  public int execute(String sql, Object... args) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public String callStatus(String callId) {
    return text("SELECT status FROM margin_call WHERE id = ?", callId);
  }
}
