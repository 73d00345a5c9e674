package org.margindesk.activity;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.margindesk.notification.Enqueued;
import org.margindesk.notification.NotificationOutbox;
import org.margindesk.notification.OutboxEntry;
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
      LOG.debugf(
          "Notification %s %s queued for account %s, call %s",
          enqueued.id(), request.type(), request.accountId(), request.callId());
    }
  }

  /**
   * Writes these notices with one statement, joining the caller's transaction; each key is written
   * once, as by {@link #enqueue}.
   */
  void enqueueAll(List<NotificationRequest> requests) {
    Set<String> written =
        outbox.enqueueAll(
            requests.stream()
                .map(
                    request ->
                        new OutboxEntry(
                            request.key(),
                            request.type().name(),
                            Recipient.ACCOUNT_HOLDER,
                            request.callId(),
                            request.accountId(),
                            request.figures()))
                .toList());
    LOG.debugf("%d of %d holder notices queued", written.size(), requests.size());
  }
}
