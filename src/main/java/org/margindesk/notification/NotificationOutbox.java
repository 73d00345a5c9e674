package org.margindesk.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.margindesk.config.JsonText;
import org.margindesk.config.MarginDeskConfig;

/**
 * Writes notifications to the PostgreSQL outbox, once per key; {@link NotificationDispatcher}
 * delivers them. Joins the caller's transaction, so a notice is written together with the change it
 * announces, or not at all. Callers: the notification activity (account holders), {@code
 * notification.SupervisorNotices}, and the dispatcher itself (unacknowledged notices).
 */
@ApplicationScoped
public class NotificationOutbox {
  /** The width of {@code notification.key}. */
  public static final int MAX_KEY_LENGTH = 300;

  /** Types the holder must acknowledge; the others are delivered and done. */
  public static final Set<String> ACK_REQUIRED = Set.of("CALL_OPENED");

  private final EntityManager em;
  private final Clock clock;
  private final ObjectMapper json;
  private final MarginDeskConfig config;

  NotificationOutbox(EntityManager em, Clock clock, ObjectMapper json, MarginDeskConfig config) {
    this.em = em;
    this.clock = clock;
    this.json = json;
    this.config = config;
  }

  public Enqueued enqueue(
      String key,
      String type,
      Recipient recipient,
      String callId,
      String accountId,
      Map<String, String> figures) {
    return enqueue(new OutboxEntry(key, type, recipient, callId, accountId, figures));
  }

  /**
   * Writes the notification unless its key is already there. The id is derived from the key, so the
   * same notification has the same id however often it is written.
   */
  @Transactional
  public Enqueued enqueue(OutboxEntry entry) {
    String key = fit(entry.key());
    UUID id = idFor(key);
    Instant now = now();
    boolean needsAck = ACK_REQUIRED.contains(entry.type());
    Instant ackDue = now.plus(config.notifications().ackTimeout());
    int inserted =
        em.createNativeQuery(
                "INSERT INTO notification (id, key, type, recipient, margin_call_id, account_id,"
                    + " figures, created_at, status, send_no, send_started_at, send_attempts,"
                    + " next_attempt_at, ack_due_at) VALUES (:id, :k, :t, :r, :c, :a,"
                    + " CAST(:f AS jsonb), :now, :pending, 1, :now, 0, :now,"
                    + " CASE WHEN :needsAck THEN CAST(:ack AS timestamptz) END)"
                    + " ON CONFLICT (key) DO NOTHING")
            .setParameter("id", id)
            .setParameter("k", key)
            .setParameter("t", entry.type())
            .setParameter("r", entry.recipient().name())
            .setParameter("c", entry.callId())
            .setParameter("a", entry.accountId())
            .setParameter("f", write(entry.figures()))
            .setParameter("now", Timestamp.from(now))
            .setParameter("pending", NotificationStatus.PENDING.name())
            .setParameter("needsAck", needsAck)
            .setParameter("ack", Timestamp.from(ackDue))
            .executeUpdate();
    if (inserted == 1) {
      return new Enqueued(id, true);
    }
    // Rows written before ids were derived from keys keep their random id.
    UUID existing =
        (UUID)
            em.createNativeQuery("SELECT id FROM notification WHERE key = :k")
                .setParameter("k", key)
                .getSingleResult();
    return new Enqueued(existing, false);
  }

  /** The id a notification with this key has (or will have). */
  public static UUID idFor(String key) {
    return UUID.nameUUIDFromBytes(("notification:" + fit(key)).getBytes(StandardCharsets.UTF_8));
  }

  /** The key itself if it fits the column; otherwise a prefix, '#' and the SHA-256 of the key. */
  public static String fit(String key) {
    if (key.length() <= MAX_KEY_LENGTH) {
      return key;
    }
    int prefix = MAX_KEY_LENGTH - 65;
    if (Character.isHighSurrogate(key.charAt(prefix - 1))) {
      prefix--;
    }
    return key.substring(0, prefix) + '#' + sha256(key);
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  private String write(Map<String, String> figures) {
    return JsonText.write(json, figures);
  }

  /** PostgreSQL keeps microseconds; rounding here makes what is returned what is stored. */
  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }
}
