package org.margindesk.activity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Notifies the account holder: writes the notification to the outbox (table {@code notification}),
 * from which the dispatcher delivers it by webhook, e-mail and log. The key makes a repeated notify
 * a no-op.
 */
@ActivityInterface
public interface NotificationActivities {
  @ActivityMethod
  void notify(NotificationRequest request);
}
