package org.margindesk.activity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Notifies the account holder. Today a notification is a PENDING row in {@code notification}
 * (delivery comes with the outbox); the key makes a repeated notify a no-op.
 */
@ActivityInterface
public interface NotificationActivities {
  @ActivityMethod
  void notify(NotificationRequest request);
}
