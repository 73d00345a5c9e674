package org.margindesk.api.notification;

import java.util.List;
import org.margindesk.service.NotificationView;

/** A page of notifications, newest first; nextCursor is null on the last page. */
public record NotificationPage(List<NotificationView> items, String nextCursor) {}
