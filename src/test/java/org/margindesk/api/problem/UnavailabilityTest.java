package org.margindesk.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
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
