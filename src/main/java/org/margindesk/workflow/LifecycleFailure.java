package org.margindesk.workflow;

import io.temporal.failure.ApplicationFailure;

/** Business failures of the lifecycle, used as ApplicationFailure types. */
public enum LifecycleFailure {
  /** No facility (or no call) for the account: retrying cannot create one. */
  NOT_FOUND(false),
  /** The exchange refused the request (4xx): the same request will be refused again. */
  GATEWAY_REJECTED(false),
  /** The exchange did not answer or answered 5xx: worth retrying with the same key. */
  GATEWAY_UNAVAILABLE(true),
  /** A status change the lifecycle does not allow. */
  INVALID_TRANSITION(false),
  /** Input the activity cannot store (e.g. task evidence that is not a JSON object). */
  INVALID_INPUT(false);

  private final boolean retryable;

  LifecycleFailure(boolean retryable) {
    this.retryable = retryable;
  }

  public ApplicationFailure failure(String message) {
    return retryable
        ? ApplicationFailure.newFailure(message, name())
        : ApplicationFailure.newNonRetryableFailure(message, name());
  }

  public static String[] nonRetryableTypes() {
    return java.util.Arrays.stream(values())
        .filter(f -> !f.retryable)
        .map(Enum::name)
        .toArray(String[]::new);
  }
}
