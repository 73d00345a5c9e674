package org.margindesk.activity;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes the account holder's notification to the outbox; the dispatcher delivers it. The key makes
 * a retried or replayed notify write nothing, so the holder is told once.
 */
@ApplicationScoped
public class NotificationActivitiesImpl implements NotificationActivities {
  private final HolderNotices notices;

  NotificationActivitiesImpl(HolderNotices notices) {
    this.notices = notices;
  }

  @Override
  public void notify(NotificationRequest request) {
    notices.enqueue(request);
  }
}
