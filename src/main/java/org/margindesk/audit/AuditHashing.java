package org.margindesk.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

/**
 * The canonical form a row's hash is computed over. It must give the same bytes before the insert
 * and after reading the row back, so JSON goes through {@link AuditJson#canonical} (jsonb keeps
 * values, not text) and times are cut to the microseconds PostgreSQL keeps.
 */
public final class AuditHashing {
  public static final String GENESIS = "0".repeat(64);

  private AuditHashing() {}

  public static Instant storedPrecision(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  public static String hash(AuditEventEntity row) {
    return hash(row.seq, body(row), row.prevHash);
  }

  /**
   * Every hashed field but the two that place the row in the chain (seq first, prevHash last), so a
   * writer can prepare it before it takes the append lock.
   */
  public static String body(AuditEventEntity row) {
    return body(row, AuditJson::canonical);
  }

  /**
   * {@link #body} of a row whose JSON fields are canonical already (the audit trail stores them
   * so), without parsing them again: canonical JSON is its own canonical form.
   */
  public static String bodyOfCanonical(AuditEventEntity row) {
    return body(row, UnaryOperator.identity());
  }

  private static String body(AuditEventEntity row, UnaryOperator<String> canonicalJson) {
    StringBuilder canonical = new StringBuilder();
    field(canonical, "id", row.id.toString());
    field(canonical, "eventKey", row.eventKey);
    field(canonical, "occurredAt", storedPrecision(row.occurredAt).toString());
    field(canonical, "actor", row.actor);
    field(canonical, "actorRoles", row.actorRoles);
    field(canonical, "action", row.action);
    field(canonical, "accountId", row.accountId);
    field(canonical, "marginCallId", row.marginCallId);
    field(canonical, "taskId", row.taskId);
    field(canonical, "reason", row.reason);
    field(canonical, "before", canonicalJson.apply(row.before));
    field(canonical, "after", canonicalJson.apply(row.after));
    field(canonical, "details", canonicalJson.apply(row.details));
    field(canonical, "workflowId", row.workflowId);
    field(canonical, "runId", row.runId);
    field(canonical, "requestId", row.requestId);
    return canonical.toString();
  }

  /** The row's hash from its place in the chain and its {@link #body}. */
  public static String hash(long seq, String body, String prevHash) {
    StringBuilder canonical = new StringBuilder(body.length() + 128);
    field(canonical, "seq", Long.toString(seq));
    canonical.append(body);
    field(canonical, "prevHash", prevHash);
    return sha256(canonical.toString());
  }

  /** Length-prefixed, so no choice of field values can make two different rows read the same. */
  private static void field(StringBuilder out, String name, String value) {
    out.append(name).append('=');
    if (value == null) {
      out.append("-1:");
    } else {
      out.append(value.length()).append(':').append(value);
    }
    out.append('\n');
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
