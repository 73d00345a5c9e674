package org.margindesk.workflow;

import io.temporal.workflow.Workflow;
import java.util.function.Supplier;

/**
 * The margin-call workflow's activity stubs, each built on its first use. Building a stub reads its
 * interface by reflection (the SDK's activity metadata and invocation handler); a run holds nine of
 * them, and a call that opens and then waits out its window uses one. In a shock's ten thousand
 * openings, building all nine was 1.4% of the service's CPU, and building on first use 0.6%
 * (async-profiler; docs/performance-runs-from-ab.md, run AB). Deterministic: building a stub sends
 * no command, so when it is built changes nothing in the history.
 */
final class ActivityStubs {
  private ActivityStubs() {}

  /** An ordinary activity stub with {@link LifecycleActivityOptions#standard()}. */
  static <T> T remote(Class<T> type) {
    return onFirstUse(
        type, () -> Workflow.newActivityStub(type, LifecycleActivityOptions.standard()));
  }

  /** A local activity stub with {@link LifecycleActivityOptions#localFirst()}. */
  static <T> T local(Class<T> type) {
    return onFirstUse(
        type, () -> Workflow.newLocalActivityStub(type, LifecycleActivityOptions.localFirst()));
  }

  private static <T> T onFirstUse(Class<T> type, Supplier<T> build) {
    // One workflow thread runs at a time (the SDK's deterministic runner), so no lock.
    Object[] built = new Object[1];
    return StubProxy.of(
        type,
        type.getSimpleName() + " stub, built on first use",
        (method, args) -> {
          if (built[0] == null) {
            built[0] = build.get();
          }
          return StubProxy.invoke(built[0], method, args);
        });
  }
}
