package org.margindesk.gateway;

/** The exchange could not perform a request. */
public class GatewayException extends RuntimeException {
  private final boolean retryable;

  public GatewayException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** True when the same request, with the same key, may succeed later. */
  public boolean retryable() {
    return retryable;
  }
}
