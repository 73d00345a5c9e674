package org.margindesk.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.config.JsonText;
import org.margindesk.notification.NotificationStatus;
import org.margindesk.paging.Cursors;
import org.margindesk.paging.Page;
import org.margindesk.persistence.NotificationAttemptEntity;
import org.margindesk.persistence.NotificationEntity;

/** Reading notifications with their attempts, and recording the holder's acknowledgement. */
@ApplicationScoped
public class NotificationService {
  private final EntityManager em;
  private final AuditTrail audit;
  private final Clock clock;
  private final ObjectMapper json;

  NotificationService(EntityManager em, AuditTrail audit, Clock clock, ObjectMapper json) {
    this.em = em;
    this.audit = audit;
    this.clock = clock;
    this.json = json;
  }

  /** Which notifications to list; null fields do not filter. */
  public record Filter(String marginCallId, NotificationStatus status) {}

  /** A place in the list, newest first: the last item of the previous page. */
  public record Position(Instant createdAt, UUID id) {
    public static final String CURSOR = "n:";

    /** The position a cursor's parts hold, if they hold one. */
    public static Optional<Position> of(List<String> parts) {
      try {
        UUID id = UUID.fromString(parts.get(1));
        return Cursors.instant(parts.get(0)).map(at -> new Position(at, id));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
  }

  /** Newest first; {@code after} null starts at the newest. */
  @Transactional
  public Page<NotificationView> page(Filter filter, Position after, int limit) {
    StringBuilder jpql = new StringBuilder("from NotificationEntity n where 1 = 1");
    if (filter.marginCallId() != null) {
      jpql.append(" and n.marginCallId = :call");
    }
    if (filter.status() != null) {
      jpql.append(" and n.status = :status");
    }
    if (after != null) {
      jpql.append(" and (n.createdAt < :ts or (n.createdAt = :ts and n.id < :id))");
    }
    jpql.append(" order by n.createdAt desc, n.id desc");
    TypedQuery<NotificationEntity> query =
        em.createQuery(jpql.toString(), NotificationEntity.class);
    if (filter.marginCallId() != null) {
      query.setParameter("call", filter.marginCallId());
    }
    if (filter.status() != null) {
      query.setParameter("status", filter.status().name());
    }
    if (after != null) {
      query.setParameter("ts", after.createdAt()).setParameter("id", after.id());
    }
    List<NotificationEntity> rows = query.setMaxResults(Page.fetchSize(limit)).getResultList();
    Page<NotificationEntity> page =
        Page.of(rows, limit, n -> n, n -> Cursors.encode(Position.CURSOR, n.createdAt, n.id));
    // Views are made for the whole page at once: one query reads every row's attempts.
    return page.withItems(views(page.items()));
  }

  /** Every notification of one margin call, oldest first: for the call's detail view. */
  @Transactional
  public List<NotificationView> notificationsForCall(String callId) {
    return views(
        em.createQuery(
                "from NotificationEntity n where n.marginCallId = :call"
                    + " order by n.createdAt, n.id",
                NotificationEntity.class)
            .setParameter("call", callId)
            .getResultList());
  }

  @Transactional
  public Optional<NotificationView> find(UUID id) {
    return Optional.ofNullable(em.find(NotificationEntity.class, id))
        .map(n -> views(List.of(n)).get(0));
  }

  /**
   * Records the holder's receipt, relayed by the exchange: the notification is ACKNOWLEDGED and
   * nothing more is sent for it. A repeated acknowledgement changes nothing and returns the same
   * view.
   *
   * @return empty if there is no such notification
   */
  @Transactional
  public Optional<NotificationView> acknowledge(UUID id, Actor actor) {
    // Waits for a delivery in progress on this row, so the dispatcher never overwrites the receipt.
    NotificationEntity n = em.find(NotificationEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (n == null) {
      return Optional.empty();
    }
    if (n.acknowledgedAt == null) {
      String before = n.status;
      n.acknowledgedAt = now();
      n.acknowledgedBy = actor.name();
      n.status = NotificationStatus.ACKNOWLEDGED.name();
      n.nextAttemptAt = null;
      n.ackDueAt = null;
      audit.append(
          AuditRecord.builder(
                  "notification:" + n.id + ":acknowledged",
                  actor.name(),
                  "NOTIFICATION_ACKNOWLEDGED")
              .actorRoles(actor.roles())
              .accountId(n.accountId)
              .marginCallId(n.marginCallId)
              .before(write(Map.of("status", before)))
              .after(write(Map.of("status", n.status)))
              .details(write(Map.of("notificationId", n.id.toString(), "type", n.type)))
              .build());
    }
    return Optional.of(views(List.of(n)).get(0));
  }

  private List<NotificationView> views(List<NotificationEntity> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<UUID, List<NotificationView.Attempt>> attempts = new LinkedHashMap<>();
    for (NotificationAttemptEntity a :
        em.createQuery(
                "from NotificationAttemptEntity a where a.notificationId in :ids"
                    + " order by a.attemptedAt, a.id",
                NotificationAttemptEntity.class)
            .setParameter("ids", rows.stream().map(n -> n.id).toList())
            .getResultList()) {
      attempts
          .computeIfAbsent(a.notificationId, k -> new ArrayList<>())
          .add(
              new NotificationView.Attempt(
                  a.channel,
                  a.sendNo,
                  a.attemptNo,
                  a.attemptedAt,
                  a.outcome,
                  a.statusCode,
                  a.error));
    }
    return rows.stream()
        .map(
            n ->
                new NotificationView(
                    n.id,
                    n.type,
                    n.recipient,
                    n.marginCallId,
                    n.accountId,
                    n.status,
                    n.createdAt,
                    figures(n),
                    n.sendNo,
                    n.nextAttemptAt,
                    n.deliveredAt,
                    n.failedAt,
                    n.lastError,
                    n.acknowledgedAt,
                    n.acknowledgedBy,
                    List.copyOf(attempts.getOrDefault(n.id, List.of()))))
        .toList();
  }

  private Map<String, String> figures(NotificationEntity n) {
    return JsonText.read(json, n.figures, new TypeReference<LinkedHashMap<String, String>>() {});
  }

  private String write(Object value) {
    return JsonText.write(json, value);
  }

  /** PostgreSQL keeps microseconds; rounding here makes what is returned what is stored. */
  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }
}
