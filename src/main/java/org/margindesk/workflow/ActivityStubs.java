package org.margindesk.workflow;

import io.temporal.workflow.Workflow;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;

/**
 * The margin-call workflow's activity stubs, each built on its first use. Building a stub reads its
 * interface by reflection (the SDK's activity metadata and invocation handler); a run holds nine of
 * them, and a call that opens and then waits out its window uses one. In a shock's ten thousand
 * openings the stubs never used were about 1.4% of the service's CPU (async-profiler,
 * docs/performance-runs-from-z.md, run AA). Deterministic: building a stub sends no command, so
 * when it is built changes nothing in the history.
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
    Object proxy =
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return LocalFirst.identity(
                    self, method, args, type.getSimpleName() + " stub, built on first use");
              }
              if (built[0] == null) {
                built[0] = build.get();
              }
              return LocalFirst.invoke(built[0], method, args);
            });
    return type.cast(proxy);
  }
}
