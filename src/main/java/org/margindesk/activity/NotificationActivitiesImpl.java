package org.margindesk.activity;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.margindesk.notification.Enqueued;
import org.margindesk.notification.NotificationOutbox;
import org.margindesk.notification.Recipient;

/**
 * Writes the account holder's notification to the outbox; the dispatcher delivers it. The key makes
 * a retried or replayed notify write nothing, so the holder is told once.
 */
@ApplicationScoped
public class NotificationActivitiesImpl implements NotificationActivities {
  private static final Logger LOG = Logger.getLogger(NotificationActivitiesImpl.class);

  private final NotificationOutbox outbox;

  NotificationActivitiesImpl(NotificationOutbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public void notify(NotificationRequest request) {
    Enqueued enqueued =
        outbox.enqueue(
            request.key(),
            request.type().name(),
            Recipient.ACCOUNT_HOLDER,
            request.callId(),
            request.accountId(),
            request.figures());
    if (enqueued.created()) {
      LOG.infof(
          "Notification %s %s queued for account %s, call %s",
          enqueued.id(), request.type(), request.accountId(), request.callId());
    }
  }
}
