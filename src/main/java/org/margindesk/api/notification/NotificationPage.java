package org.margindesk.api.notification;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.margindesk.service.NotificationView;

/** A page of notifications, newest first; nextCursor is null on the last page. */
public record NotificationPage(
    List<NotificationView> items, @Schema(nullable = true) String nextCursor) {}
