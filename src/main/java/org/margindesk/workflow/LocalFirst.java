package org.margindesk.workflow;

import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.function.Supplier;

/**
 * Runs an effect as a local activity first (no round trip through the server, which is what makes
 * the opening of a burst of calls fast) and, once the local activity's bounded retries are spent,
 * as an ordinary activity whose retries the server carries on for as long as it takes. Both run the
 * same idempotent effect with the same key, so the hand-over performs nothing twice.
 *
 * <p>Why the local retries are bounded at all: see {@link LifecycleActivityOptions#localFirst()}.
 * Deterministic workflow code: the local activity's outcome is in the history, so a replay takes
 * the same branch. No version marker: before this hand-over the bound was ten years, so no recorded
 * history holds a local activity that ran out of it.
 */
final class LocalFirst {
  private LocalFirst() {}

  static void run(Runnable local, Runnable remote) {
    call(
        () -> {
          local.run();
          return null;
        },
        () -> {
          remote.run();
          return null;
        });
  }

  static <T> T call(Supplier<T> local, Supplier<T> remote) {
    try {
      return local.get();
    } catch (ActivityFailure failure) {
      if (!retriesSpent(failure)) {
        throw failure;
      }
      return remote.get();
    }
  }

  /**
   * An activity interface whose every method runs {@link #call local first}: {@code local} is a
   * local-activity stub, {@code remote} an ordinary one, of the same interface.
   */
  static <T> T stub(Class<T> type, T local, T remote) {
    return StubProxy.of(
        type,
        "local-first " + type.getSimpleName(),
        (method, args) ->
            call(
                () -> StubProxy.invoke(local, method, args),
                () -> StubProxy.invoke(remote, method, args)));
  }

  /**
   * Whether the local activity stopped because its schedule-to-close bound passed, not because of a
   * failure that no retry can fix (those pass through unchanged).
   */
  static boolean retriesSpent(ActivityFailure failure) {
    return failure.getRetryState() == RetryState.RETRY_STATE_TIMEOUT
        || failure.getCause() instanceof TimeoutFailure;
  }
}
