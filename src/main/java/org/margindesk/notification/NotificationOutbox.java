package org.margindesk.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;
import org.margindesk.config.JsonText;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.persistence.ColumnArrays;

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

  /**
   * Writes each of these notifications unless its key is already there, with one statement; joins
   * the caller's transaction. For writers of many at once: the openings a workflow worker records
   * together.
   *
   * @return the keys (as stored, see {@link #fit}) of the notifications written now
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Set<String> enqueueAll(List<OutboxEntry> entries) {
    if (entries.isEmpty()) {
      return Set.of();
    }
    Instant now = now();
    Timestamp at = Timestamp.from(now);
    Timestamp ackDue = Timestamp.from(now.plus(config.notifications().ackTimeout()));
    ColumnArrays<OutboxEntry> columns =
        new ColumnArrays<>(entries)
            .text(entry -> idFor(entry.key()).toString())
            .text(entry -> fit(entry.key()))
            .text(OutboxEntry::type)
            .text(entry -> entry.recipient().name())
            .text(OutboxEntry::callId)
            .text(OutboxEntry::accountId)
            .text(entry -> write(entry.figures()))
            .flag(entry -> ACK_REQUIRED.contains(entry.type()));
    return em.unwrap(Session.class)
        .doReturningWork(
            connection -> {
              Set<String> written = new HashSet<>();
              try (PreparedStatement insert = connection.prepareStatement(INSERT_ALL)) {
                insert.setTimestamp(1, at);
                insert.setString(2, NotificationStatus.PENDING.name());
                insert.setTimestamp(3, ackDue);
                columns.bind(connection, insert, 4);
                try (ResultSet rows = insert.executeQuery()) {
                  while (rows.next()) {
                    written.add(rows.getString(1));
                  }
                }
              }
              return written;
            });
  }

  /** As {@link #enqueue(OutboxEntry)} writes one, in list order. */
  private static final String INSERT_ALL =
      "WITH p AS (SELECT CAST(? AS timestamptz) AS at, CAST(? AS text) AS pending,"
          + " CAST(? AS timestamptz) AS ack_due) INSERT INTO notification (id, key, type, recipient,"
          + " margin_call_id, account_id, figures, created_at, status, send_no, send_started_at,"
          + " send_attempts, next_attempt_at, ack_due_at) SELECT CAST(t.id AS uuid), t.key, t.type,"
          + " t.recipient, t.call_id, t.account_id, CAST(t.figures AS jsonb), p.at, p.pending, 1,"
          + " p.at, 0, p.at, CASE WHEN t.ack THEN p.ack_due END FROM p, "
          + ColumnArrays.unnest(
              "t", "id", "key", "type", "recipient", "call_id", "account_id", "figures", "ack")
          + " ORDER BY t.ordinality ON CONFLICT (key) DO NOTHING RETURNING key";

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
