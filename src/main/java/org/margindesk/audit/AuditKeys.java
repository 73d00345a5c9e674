package org.margindesk.audit;

import java.util.Objects;

/**
 * Deterministic event keys. A retried activity rebuilds the same key from the same inputs (workflow
 * id, step, task id …), so the audit trail's unique key turns the retry into a no-op.
 */
public final class AuditKeys {
  /** The width of {@code audit_event.event_key}. */
  public static final int MAX_LENGTH = 400;

  private static final int DIGEST_LENGTH = 64;

  private AuditKeys() {}

  /**
   * Joins the parts with {@code ':'}, e.g. {@code of(workflowId, "restrict")}. A key longer than
   * {@link #MAX_LENGTH} is shortened by {@link #fit}.
   *
   * @throws IllegalArgumentException if there are no parts or a part is null or empty, since a key
   *     with a missing part could collide with another event's key
   */
  public static String of(String... parts) {
    if (parts == null || parts.length == 0) {
      throw new IllegalArgumentException("an audit event key needs at least one part");
    }
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] == null || parts[i].isEmpty()) {
        throw new IllegalArgumentException("audit event key part " + i + " is null or empty");
      }
      if (i > 0) {
        key.append(':');
      }
      key.append(parts[i]);
    }
    return fit(key.toString());
  }

  /**
   * The key itself if it fits the column; otherwise a readable prefix, {@code '#'} and the SHA-256
   * of the whole key, so two long keys that share a prefix still differ.
   */
  public static String fit(String key) {
    Objects.requireNonNull(key, "key");
    if (key.length() <= MAX_LENGTH) {
      return key;
    }
    int prefixLength = MAX_LENGTH - DIGEST_LENGTH - 1;
    // Never cut a surrogate pair in half: PostgreSQL would reject the lone half.
    if (Character.isHighSurrogate(key.charAt(prefixLength - 1))) {
      prefixLength--;
    }
    return key.substring(0, prefixLength) + '#' + AuditHashing.sha256(key);
  }
}
