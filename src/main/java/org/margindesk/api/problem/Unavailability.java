package org.margindesk.api.problem;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * Recognises failures that mean a backing service is down rather than that the request is wrong, so
 * that clients get 503 and retry instead of a 500 that reads like a bug.
 */
public final class Unavailability {
  private Unavailability() {}

  /**
   * @return which backing service is unavailable ("PostgreSQL" or "Temporal"), if any
   */
  public static Optional<String> of(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      if (cause instanceof SQLTransientConnectionException) {
        return Optional.of("PostgreSQL");
      }
      // SQLState class 08 is "connection exception" in every JDBC driver, PostgreSQL's included;
      // 57P01-57P03 are PostgreSQL shutting down or starting up: a stop ends every session with
      // 57P01 ("terminating connection due to administrator command") before connections fail.
      if (cause instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return Optional.of("PostgreSQL");
      }
      if (cause instanceof StatusRuntimeException grpc
          && (grpc.getStatus().getCode() == Status.Code.UNAVAILABLE
              || grpc.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED)) {
        return Optional.of("Temporal");
      }
    }
    return Optional.empty();
  }

  private static Throwable next(Throwable cause) {
    return cause.getCause() == cause ? null : cause.getCause();
  }
}
