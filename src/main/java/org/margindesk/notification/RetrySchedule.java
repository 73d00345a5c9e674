package org.margindesk.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a send that failed is tried again: an exponential backoff capped at {@code maxInterval},
 * until the send is {@code maxAge} old. The last attempt is made at the maximum age itself, so a
 * receiver that recovers just before it still gets the notification.
 */
public record RetrySchedule(
    Duration initialInterval, double multiplier, Duration maxInterval, Duration maxAge) {

  public RetrySchedule {
    Objects.requireNonNull(initialInterval, "initialInterval");
    Objects.requireNonNull(maxInterval, "maxInterval");
    Objects.requireNonNull(maxAge, "maxAge");
    if (initialInterval.isNegative() || initialInterval.isZero()) {
      throw new IllegalArgumentException("the initial retry interval must be positive");
    }
    if (multiplier < 1.0 || Double.isNaN(multiplier) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("the retry multiplier must be at least 1");
    }
    if (maxInterval.compareTo(initialInterval) < 0) {
      throw new IllegalArgumentException("the maximum retry interval is below the initial one");
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("the maximum age of a send must be positive");
    }
  }

  /**
   * @param failedAttempts attempts of this send so far, all failed (at least 1)
   */
  public Duration delayAfter(int failedAttempts) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException("failedAttempts must be at least 1");
    }
    double millis = initialInterval.toMillis() * Math.pow(multiplier, failedAttempts - 1);
    if (millis >= maxInterval.toMillis()) {
      return maxInterval;
    }
    return Duration.ofMillis((long) millis);
  }

  /**
   * The next attempt of a send that started at {@code sendStartedAt}, or empty when the send has
   * reached its maximum age and gives up.
   */
  public Optional<Instant> next(Instant sendStartedAt, int failedAttempts, Instant now) {
    Instant giveUpAt = sendStartedAt.plus(maxAge);
    if (!now.isBefore(giveUpAt)) {
      return Optional.empty();
    }
    Instant next = now.plus(delayAfter(failedAttempts));
    return Optional.of(next.isAfter(giveUpAt) ? giveUpAt : next);
  }
}
