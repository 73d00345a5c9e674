package org.margindesk.activity;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.margindesk.notification.Enqueued;
import org.margindesk.notification.NotificationOutbox;
import org.margindesk.notification.Recipient;

/**
 * Writes a notice to the account holder into the outbox, joining the caller's transaction; the
 * dispatcher delivers it. The key makes a repeat write nothing, so the holder is told once.
 */
@ApplicationScoped
class HolderNotices {
  private static final Logger LOG = Logger.getLogger(HolderNotices.class);

  private final NotificationOutbox outbox;

  HolderNotices(NotificationOutbox outbox) {
    this.outbox = outbox;
  }

  void enqueue(NotificationRequest request) {
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
