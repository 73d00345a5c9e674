package org.margindesk.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.margindesk.config.MarginDeskConfig;
import org.margindesk.config.NotificationSettings;
import org.margindesk.config.RequiredProductionSettings;

/**
 * The channels configuration enables, built once and checked as a whole: an enabled webhook without
 * a URL or secret stops the service at startup instead of failing every delivery later. The log
 * channel is always last and always on.
 */
@ApplicationScoped
public class NotificationChannels {
  static final String WEBHOOK_URL = "margin-desk.notifications.webhook.url";
  static final String WEBHOOK_SECRET = "margin-desk.notifications.webhook.secret";

  private final List<DeliveryChannel> enabled;
  private final RetrySchedule retry;

  NotificationChannels(MarginDeskConfig config, Mailer mailer, ObjectMapper json, Clock clock) {
    NotificationSettings settings = config.notifications();
    List<DeliveryChannel> channels = new ArrayList<>();
    NotificationSettings.Webhook webhook = settings.webhook();
    if (webhook.enabled()) {
      URI url = webhook.url().orElseThrow(() -> missing(WEBHOOK_URL));
      String secret =
          webhook.secret().filter(s -> !s.isBlank()).orElseThrow(() -> missing(WEBHOOK_SECRET));
      channels.add(
          new WebhookChannel(
              url, secret, webhook.connectTimeout(), webhook.requestTimeout(), json, clock));
    }
    if (settings.email().enabled()) {
      channels.add(new EmailChannel(mailer, settings.supervisors().emails().orElse(List.of())));
    }
    channels.add(new LogChannel());
    this.enabled = List.copyOf(channels);
    NotificationSettings.Retry r = settings.retry();
    this.retry =
        new RetrySchedule(r.initialInterval(), r.multiplier(), r.maxInterval(), r.maxAge());
  }

  public List<DeliveryChannel> enabled() {
    return enabled;
  }

  public RetrySchedule retry() {
    return retry;
  }

  private static IllegalStateException missing(String key) {
    return new IllegalStateException(
        RequiredProductionSettings.withEnvName(key)
            + " is required when margin-desk.notifications.webhook.enabled=true");
  }
}
