package org.margindesk.service;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for something the service does asynchronously, failing with a message on timeout. */
public final class Poll {
  private Poll() {}

  public static void until(Duration timeout, String what, Supplier<Boolean> condition) {
    long giveUp = System.nanoTime() + timeout.toNanos();
    while (!Boolean.TRUE.equals(condition.get())) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      }
    }
  }
}
