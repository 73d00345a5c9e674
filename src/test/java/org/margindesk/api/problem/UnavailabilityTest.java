package org.margindesk.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.transaction.RollbackException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;

class UnavailabilityTest {

  @Test
  void givenAPoolTimeoutDeepInTheChain_whenClassified_thenPostgresIsNamed() {
    var failure =
        new IllegalStateException(
            "persist failed",
            new RuntimeException(new SQLTransientConnectionException("Acquisition timeout")));
    assertThat(Unavailability.of(failure)).contains("PostgreSQL");
  }

  @Test
  void givenAConnectionSqlState_whenClassified_thenPostgresIsNamed() {
    assertThat(Unavailability.of(new SQLException("Connection refused", "08001")))
        .contains("PostgreSQL");
  }

  @Test
  void givenPostgresShuttingDown_whenClassified_thenPostgresIsNamed() {
    // What a session in use gets when the server stops (found by scripts/outage-suite.sh).
    var failure =
        new IllegalStateException(
            "Error executing work",
            new SQLException(
                "FATAL: terminating connection due to administrator command", "57P01"));
    assertThat(Unavailability.of(failure)).contains("PostgreSQL");
    assertThat(Unavailability.of(new SQLException("the database system is starting up", "57P03")))
        .contains("PostgreSQL");
  }

  @Test
  void givenACommitCutOffByTheShutdown_whenClassified_thenPostgresIsNamed() {
    // The transaction manager's RollbackException carries the driver's failure only as a
    // suppressed XAException (found by scripts/outage-suite.sh: it answered 500, not 503).
    XAException commit = new XAException("Error trying to transactionCommit local transaction");
    commit.initCause(
        new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
    RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit");
    rollback.addSuppressed(commit);
    assertThat(Unavailability.of(new IllegalStateException(rollback))).contains("PostgreSQL");
  }

  @Test
  void givenAFailureThatSuppressesItself_whenClassified_thenTheSearchEnds() {
    RuntimeException failure = new RuntimeException("loop");
    RuntimeException other = new RuntimeException("other", failure);
    failure.addSuppressed(other);
    assertThat(Unavailability.of(failure)).isEmpty();
  }

  @Test
  void givenACancelledStatement_whenClassified_thenItIsNotAnOutage() {
    assertThat(Unavailability.of(new SQLException("canceling statement", "57014"))).isEmpty();
  }

  @Test
  void givenAnUnavailableTemporalFrontend_whenClassified_thenTemporalIsNamed() {
    var failure =
        new RuntimeException(
            new StatusRuntimeException(Status.UNAVAILABLE.withDescription("io exception")));
    assertThat(Unavailability.of(failure)).contains("Temporal");
  }

  @Test
  void givenABugOrABadStatement_whenClassified_thenNothingIsBlamedOnTheBackends() {
    assertThat(Unavailability.of(new NullPointerException())).isEmpty();
    assertThat(Unavailability.of(new SQLException("syntax error", "42601"))).isEmpty();
    assertThat(Unavailability.of(new StatusRuntimeException(Status.INVALID_ARGUMENT))).isEmpty();
  }
}
