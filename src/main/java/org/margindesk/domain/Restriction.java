package org.margindesk.domain;

/** The switches the exchange controls on an account, which a margin call sets and lifts. */
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
