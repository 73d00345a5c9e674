package org.margindesk.embedded;

import io.temporal.internal.testservice.TestServicesStarter;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.LinkedList;
import java.util.concurrent.locks.Lock;

/**
 * Stops the Temporal test server's time-skipping ledger from growing without end.
 *
 * <p>{@code SelfAdvancingTimerImpl} (temporal-test-server 1.38.0) appends an entry to its {@code
 * lockEvents} list, kept for diagnostics only, on every time-skipping lock and unlock. The entries
 * that workflow and activity tasks add (through {@code updateLocks}) are never removed, and every
 * timer that fires removes its own entry with {@code LinkedList.remove}, a scan from the head. So
 * the list holds a few entries for every task the server ever ran, and each timer costs a scan of
 * all of them: memory grows for as long as the server runs and workflow throughput falls with it
 * (the market-shock benchmark started about 18 workflows a second, its profile in this scan).
 *
 * <p>The embedded server runs with time skipping locked for good (it follows the wall clock), so
 * the ledger has nothing to tell. It is replaced by a list that keeps nothing. This reaches into
 * private fields of the test server: {@code TimeSkippingLedgerTest} fails if an SDK upgrade renames
 * them, and {@link #discard} reports, rather than fails, so the server still starts.
 */
final class TimeSkippingLedger {
  private TimeSkippingLedger() {}

  /**
   * Replaces the ledger of the services' timer.
   *
   * @return whether it was replaced
   */
  static boolean discard(TestServicesStarter services) {
    try {
      Object timer = read(services, "selfAdvancingTimer");
      Lock lock = (Lock) read(timer, "lock");
      Field ledger = field(timer.getClass(), "lockEvents");
      lock.lock();
      try {
        ledger.set(timer, new KeepsNothing());
      } finally {
        lock.unlock();
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** Whether the services' timer holds a ledger that keeps nothing; for tests. */
  static boolean isDiscarded(TestServicesStarter services) throws ReflectiveOperationException {
    return read(read(services, "selfAdvancingTimer"), "lockEvents") instanceof KeepsNothing;
  }

  /** How many entries the services' timer holds in its ledger; for the start-rate benchmark. */
  static int size(TestServicesStarter services) throws ReflectiveOperationException {
    return ((Collection<?>) read(read(services, "selfAdvancingTimer"), "lockEvents")).size();
  }

  private static Object read(Object owner, String name) throws ReflectiveOperationException {
    return field(owner.getClass(), name).get(owner);
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field field = type.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  /**
   * Accepts every entry and forgets it. A removal succeeds, as it would for the entry the timer
   * added: the timer only checks that lock and unlock calls pair up, which its lock count does too.
   */
  private static final class KeepsNothing extends LinkedList<Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean add(Object entry) {
      return true;
    }

    @Override
    public void addLast(Object entry) {
      // forgotten, as add
    }

    @Override
    public boolean addAll(Collection<?> entries) {
      return true;
    }

    @Override
    public boolean remove(Object entry) {
      return true;
    }
  }
}
