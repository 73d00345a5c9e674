package org.margindesk.embedded;

/**
 * Raised when an embedded service cannot start; its message is meant for the person at the console.
 */
public class EmbeddedStartException extends RuntimeException {
  public EmbeddedStartException(String message, Throwable cause) {
    super(message, cause);
  }

  public EmbeddedStartException(String message) {
    super(message);
  }
}
