package org.margindesk.gateway;

/** The account switches the exchange controls. */
public enum Restriction {
  REDUCE_ONLY("reduce-only"),
  WITHDRAWALS("withdrawals"),
  TRADING("trading");

  private final String path;

  Restriction(String path) {
    this.path = path;
  }

  /** The path segment in the HTTP contract (docs/gateway.md). */
  public String path() {
    return path;
  }
}
