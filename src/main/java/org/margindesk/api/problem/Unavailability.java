package org.margindesk.api.problem;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises failures that mean a backing service is down rather than that the request is wrong, so
 * that clients get 503 and retry instead of a 500 that reads like a bug.
 */
public final class Unavailability {
  private Unavailability() {}

  /**
   * Looks through the causes and the suppressed exceptions: a commit that PostgreSQL's shutdown cut
   * off surfaces as the transaction manager's {@code RollbackException}, which carries the driver's
   * failure only as a suppressed {@code XAException}.
   *
   * @return which backing service is unavailable ("PostgreSQL" or "Temporal"), if any
   */
  public static Optional<String> of(Throwable failure) {
    Deque<Throwable> toSee = new ArrayDeque<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    toSee.add(failure);
    while (!toSee.isEmpty()) {
      Throwable cause = toSee.poll();
      if (!seen.add(cause)) {
        continue;
      }
      Optional<String> down = service(cause);
      if (down.isPresent()) {
        return down;
      }
      if (cause.getCause() != null) {
        toSee.add(cause.getCause());
      }
      toSee.addAll(Arrays.asList(cause.getSuppressed()));
    }
    return Optional.empty();
  }

  private static Optional<String> service(Throwable cause) {
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
    return Optional.empty();
  }
}
