package org.margindesk.workflow;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A proxy of an activity interface for the workflow's own stubs ({@link LocalFirst#stub}, {@link
 * ActivityStubs}): Object's methods answer for the proxy itself, never as an activity; every other
 * method goes to the given call.
 */
final class StubProxy {
  private StubProxy() {}

  /** What the proxy does with an activity method. */
  interface Call {
    Object invoke(Method method, Object[] args);
  }

  /**
   * @param text what the proxy's toString says
   */
  static <T> T of(Class<T> type, String text, Call call) {
    Object proxy =
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) ->
                method.getDeclaringClass() == Object.class
                    ? identity(self, method, args, text)
                    : call.invoke(method, args));
    return type.cast(proxy);
  }

  /** Calls a stub's method; the stub's own failure passes through as it was thrown. */
  static Object invoke(Object target, Method method, Object[] args) {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      // An ActivityFailure above all: LocalFirst decides on it as the stub threw it.
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object identity(Object self, Method method, Object[] args, String text) {
    return switch (method.getName()) {
      case "equals" -> self == args[0];
      case "hashCode" -> System.identityHashCode(self);
      default -> text;
    };
  }
}
