package org.margindesk.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes the notification as a PENDING row. Delivery (e-mail, webhooks) reads those rows, so this
 * activity stays the same when delivery is added.
 */
@ApplicationScoped
public class NotificationActivitiesImpl implements NotificationActivities {
  private static final Logger LOG = Logger.getLogger(NotificationActivitiesImpl.class);

  private final EntityManager em;
  private final Clock clock;
  private final ObjectMapper json;

  NotificationActivitiesImpl(EntityManager em, Clock clock, ObjectMapper json) {
    this.em = em;
    this.clock = clock;
    this.json = json;
  }

  @Override
  @Transactional
  public void notify(NotificationRequest request) {
    int inserted =
        em.createNativeQuery(
                "INSERT INTO notification (id, key, type, margin_call_id, account_id, figures,"
                    + " created_at, status) VALUES (:id, :k, :t, :c, :a, CAST(:f AS jsonb), :now,"
                    + " 'PENDING') ON CONFLICT (key) DO NOTHING")
            .setParameter("id", UUID.randomUUID())
            .setParameter("k", request.key())
            .setParameter("t", request.type().name())
            .setParameter("c", request.callId())
            .setParameter("a", request.accountId())
            .setParameter("f", Json.write(json, request.figures()))
            .setParameter("now", Timestamp.from(clock.instant()))
            .executeUpdate();
    if (inserted == 1) {
      LOG.infof(
          "Notification %s to account %s for %s: %s",
          request.type(), request.accountId(), request.callId(), request.figures());
    }
  }
}
