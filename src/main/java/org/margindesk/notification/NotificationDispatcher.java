package org.margindesk.notification;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.config.JsonText;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.persistence.NotificationAttemptEntity;
import org.margindesk.persistence.NotificationEntity;

/**
 * Delivers the outbox. Notifications due are claimed with {@code FOR UPDATE SKIP LOCKED}, a batch
 * per transaction; each is tried on every channel that has not yet taken it in this send, and the
 * batch's attempts and new states are committed together: several instances can dispatch side by
 * side, and after a restart the pending rows resume while delivered ones are never sent again. A
 * crash between a channel's acceptance and the commit sends that notification once more, under the
 * same id and {@code Idempotency-Key}, which receivers use to drop the duplicate.
 *
 * <p>Batches, because in a market shock every call opened brings its notices: one claim, one read
 * of earlier attempts and one audit append for up to {@link #BATCH} of them, instead of a
 * transaction each, leaves the CPU and the database to the workflows being started. A batch takes
 * no further notification once it has run for {@link #BATCH_BUDGET}, so a slow channel keeps its
 * rows locked (an acknowledgement waits for them) hardly longer than a single delivery would.
 *
 * <p>The dispatcher keeps no state of its own; everything it decides comes from PostgreSQL and the
 * injectable clock, so tests advance the clock instead of waiting.
 */
@ApplicationScoped
public class NotificationDispatcher {
  private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class);
  private static final int MAX_ERROR = 1000;

  /** At most this many notifications are delivered in one transaction. */
  static final int BATCH = 50;

  /** A batch that has run this long delivers what it has and commits; the rest stay due. */
  static final Duration BATCH_BUDGET = Duration.ofSeconds(1);

  private final EntityManager em;
  private final Clock clock;
  private final NotificationChannels channels;
  private final NotificationOutbox outbox;
  private final AuditTrail audit;
  private final MarginDeskConfig config;
  private final ObjectMapper json;

  NotificationDispatcher(
      EntityManager em,
      Clock clock,
      NotificationChannels channels,
      NotificationOutbox outbox,
      AuditTrail audit,
      MarginDeskConfig config,
      ObjectMapper json) {
    this.em = em;
    this.clock = clock;
    this.channels = channels;
    this.outbox = outbox;
    this.audit = audit;
    this.config = config;
    this.json = json;
  }

  /** What one run did. */
  public record Report(int unacknowledged, int delivered, int retrying, int failed) {}

  /** Builds the channels at startup, so a bad channel configuration stops the service at once. */
  void checkChannels(@Observes StartupEvent event) {
    LOG.infof(
        "Notification channels: %s",
        channels.enabled().stream().map(DeliveryChannel::channel).toList());
  }

  /**
   * Handles every notification due now: first the ones whose acknowledgement is overdue, then every
   * delivery that is due. Rows a run retries are due again only later, so a run ends.
   */
  public Report dispatchDue() {
    return dispatchDue(() -> {});
  }

  /**
   * {@link #dispatchDue()}, running {@code beforeEach} before each transaction (an escalation, a
   * batch of deliveries): the periodic run (service/NotificationRuns) gives way there to the safety
   * path.
   */
  public Report dispatchDue(Runnable beforeEach) {
    Instant escalationsDueBy = now();
    int unacknowledged = 0;
    while (true) {
      beforeEach.run();
      if (!QuarkusTransaction.requiringNew().call(() -> escalateNext(escalationsDueBy))) {
        break;
      }
      unacknowledged++;
    }
    // Read after the escalations, so their notices and re-sends go out in this same run.
    Instant deliveriesDueBy = now();
    int delivered = 0;
    int retrying = 0;
    int failed = 0;
    while (true) {
      beforeEach.run();
      List<NotificationStatus> outcomes =
          QuarkusTransaction.requiringNew().call(() -> deliverBatch(deliveriesDueBy));
      if (outcomes.isEmpty()) {
        return new Report(unacknowledged, delivered, retrying, failed);
      }
      for (NotificationStatus outcome : outcomes) {
        switch (outcome) {
          case DELIVERED -> delivered++;
          case FAILED -> failed++;
          default -> retrying++;
        }
      }
    }
  }

  /** Delivers the next batch due, in due order; an empty list when none is due. */
  private List<NotificationStatus> deliverBatch(Instant runStart) {
    List<NotificationEntity> claimed =
        claim(
            "SELECT * FROM notification WHERE status = :pending AND next_attempt_at <= :t"
                + " ORDER BY next_attempt_at, id LIMIT :batch FOR UPDATE SKIP LOCKED",
            runStart,
            Map.of("pending", NotificationStatus.PENDING.name(), "batch", BATCH));
    if (claimed.isEmpty()) {
      return List.of();
    }
    PriorAttempts prior = PriorAttempts.of(em, claimed);
    Map<String, String> holderEmails = holderEmails(claimed);
    Instant stopBy = now().plus(BATCH_BUDGET);
    List<NotificationStatus> outcomes = new ArrayList<>();
    List<AuditRecord> records = new ArrayList<>();
    for (NotificationEntity n : claimed) {
      // Left as they are, the rest of the batch stays due; the loop claims them again at once.
      if (!outcomes.isEmpty() && now().isAfter(stopBy)) {
        break;
      }
      outcomes.add(deliver(n, holderEmails.get(n.accountId), prior, records));
    }
    audit.appendAll(records);
    return outcomes;
  }

  private NotificationStatus deliver(
      NotificationEntity n, String holderEmail, PriorAttempts prior, List<AuditRecord> records) {
    OutboundNotification outbound = outbound(n, figures(n), holderEmail);
    List<String> errors = new ArrayList<>();
    for (DeliveryChannel channel : channels.enabled()) {
      String name = channel.channel().name();
      if (prior.delivered(n, name) || !channel.appliesTo(outbound)) {
        continue;
      }
      Instant at = now();
      DeliveryResult result;
      try {
        result = channel.deliver(outbound);
      } catch (RuntimeException e) {
        result = DeliveryResult.failed(null, e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      NotificationAttemptEntity attempt = new NotificationAttemptEntity();
      attempt.notificationId = n.id;
      attempt.channel = name;
      attempt.sendNo = n.sendNo;
      attempt.attemptNo = prior.nextAttemptNo(n, name);
      attempt.attemptedAt = at;
      attempt.outcome = result.delivered() ? "DELIVERED" : "FAILED";
      attempt.statusCode = result.statusCode();
      attempt.error = clip(result.error());
      attempt.persist();
      if (!result.delivered()) {
        errors.add(name + ": " + result.error());
      }
    }
    Instant now = now();
    n.sendAttempts++;
    if (errors.isEmpty()) {
      n.status = NotificationStatus.DELIVERED.name();
      n.deliveredAt = now;
      n.nextAttemptAt = null;
      n.lastError = null;
      records.add(record(n, "NOTIFICATION_DELIVERED", "delivered:" + n.sendNo, null));
      return NotificationStatus.DELIVERED;
    }
    n.lastError = clip(String.join("; ", errors));
    Optional<Instant> next = channels.retry().next(n.sendStartedAt, n.sendAttempts, now);
    if (next.isPresent()) {
      n.nextAttemptAt = next.get();
      return NotificationStatus.PENDING;
    }
    n.status = NotificationStatus.FAILED.name();
    n.failedAt = now;
    n.nextAttemptAt = null;
    LOG.warnf(
        "Notification %s %s for %s gave up after %d attempts: %s",
        n.id, n.type, n.marginCallId, n.sendAttempts, n.lastError);
    records.add(record(n, "NOTIFICATION_FAILED", "failed:" + n.sendNo, n.lastError));
    return NotificationStatus.FAILED;
  }

  /**
   * A notification that needed a receipt and got none in time: supervisors get one notice (keyed by
   * the notification), and a notification that is no longer being sent is sent once more.
   */
  private boolean escalateNext(Instant runStart) {
    List<NotificationEntity> claimed =
        claim(
            "SELECT * FROM notification WHERE ack_due_at <= :t AND acknowledged_at IS NULL"
                + " ORDER BY ack_due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
            runStart,
            Map.of());
    if (claimed.isEmpty()) {
      return false;
    }
    NotificationEntity n = claimed.get(0);
    Instant now = now();
    n.ackDueAt = null;
    Map<String, String> figures = new LinkedHashMap<>(figures(n));
    figures.put("notificationId", n.id.toString());
    figures.put("notificationType", n.type);
    figures.put("notificationCreatedAt", n.createdAt.toString());
    figures.put("ackTimeout", config.notifications().ackTimeout().toString());
    outbox.enqueue(
        new OutboxEntry(
            n.key + ":unacknowledged",
            SupervisorNoticeType.NOTIFICATION_UNACKNOWLEDGED.name(),
            Recipient.SUPERVISORS,
            n.marginCallId,
            n.accountId,
            figures));
    // A send still retrying goes on as it is; a finished one (delivered or given up) starts over.
    if (!NotificationStatus.PENDING.name().equals(n.status)) {
      n.status = NotificationStatus.PENDING.name();
      n.sendNo++;
      n.sendStartedAt = now;
      n.sendAttempts = 0;
      n.nextAttemptAt = now;
      n.failedAt = null;
      n.lastError = null;
    }
    audit.append(
        record(
            n,
            "NOTIFICATION_UNACKNOWLEDGED",
            "unacknowledged",
            "not acknowledged within " + config.notifications().ackTimeout() + "; sent again"));
    return true;
  }

  private List<NotificationEntity> claim(
      String sql, Instant dueBy, Map<String, Object> parameters) {
    Query query = em.createNativeQuery(sql, NotificationEntity.class);
    query.setParameter("t", Timestamp.from(dueBy));
    parameters.forEach(query::setParameter);
    @SuppressWarnings("unchecked")
    List<NotificationEntity> rows = query.getResultList();
    return rows;
  }

  /** The addresses of the holders among these notifications' recipients, by account. */
  private Map<String, String> holderEmails(List<NotificationEntity> notifications) {
    Set<String> accounts = new HashSet<>();
    for (NotificationEntity n : notifications) {
      if (Recipient.ACCOUNT_HOLDER.name().equals(n.recipient) && n.accountId != null) {
        accounts.add(n.accountId);
      }
    }
    Map<String, String> emails = new HashMap<>();
    if (accounts.isEmpty()) {
      return emails;
    }
    em.createQuery(
            "select f.accountId, f.contactEmail from FacilityEntity f where f.accountId in :ids",
            Object[].class)
        .setParameter("ids", accounts)
        .getResultList()
        .forEach(row -> emails.put((String) row[0], (String) row[1]));
    return emails;
  }

  private OutboundNotification outbound(
      NotificationEntity n, Map<String, String> figures, String holderEmail) {
    return new OutboundNotification(
        n.id,
        n.type,
        Recipient.valueOf(n.recipient),
        n.marginCallId,
        n.accountId,
        n.createdAt,
        n.sendNo,
        figures,
        holderEmail);
  }

  private Map<String, String> figures(NotificationEntity n) {
    return JsonText.read(json, n.figures, new TypeReference<LinkedHashMap<String, String>>() {});
  }

  private AuditRecord record(NotificationEntity n, String action, String what, String reason) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("notificationId", n.id.toString());
    details.put("type", n.type);
    details.put("recipient", n.recipient);
    details.put("send", n.sendNo);
    details.put("attempts", n.sendAttempts);
    return AuditRecord.builder("notification:" + n.id + ":" + what, AuditRecord.SYSTEM, action)
        .accountId(n.accountId)
        .marginCallId(n.marginCallId)
        .reason(reason)
        .details(JsonText.write(json, details))
        .build();
  }

  private static String clip(String text) {
    if (text == null) {
      return null;
    }
    return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR) + "…";
  }

  /** PostgreSQL keeps microseconds; rounding here makes what is returned what is stored. */
  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }
}
