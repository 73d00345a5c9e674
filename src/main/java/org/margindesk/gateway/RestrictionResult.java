package org.margindesk.gateway;

/**
 * What the exchange answered to one {@link RestrictionOrder}.
 *
 * @param result the exchange's result (JSON text) when it was done, else null
 * @param error why it was not done, else null
 * @param retryable whether asking again may succeed (the exchange was unreachable or busy), as
 *     opposed to a refusal
 */
public record RestrictionResult(
    RestrictionOrder order, String result, String error, boolean retryable) {

  public static RestrictionResult done(RestrictionOrder order, String result) {
    return new RestrictionResult(order, result, null, false);
  }

  public static RestrictionResult failed(RestrictionOrder order, GatewayException e) {
    return new RestrictionResult(order, null, e.getMessage(), e.retryable());
  }

  public boolean isDone() {
    return result != null;
  }
}
