package org.margindesk.service;

import java.sql.SQLException;
import java.util.Set;

/**
 * Failures that mean another transaction got in the way, not that the work is wrong: a unique key
 * that a concurrent writer took first, a deadlock, a serialization failure. Doing the work again in
 * a new transaction sees what the other writer committed and succeeds.
 */
final class ConcurrentWrite {
  /** unique_violation, deadlock_detected, serialization_failure. */
  private static final Set<String> STATES = Set.of("23505", "40P01", "40001");

  private ConcurrentWrite() {}

  static boolean of(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && STATES.contains(sql.getSQLState())) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
