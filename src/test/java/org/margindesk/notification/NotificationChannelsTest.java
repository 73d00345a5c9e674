package org.margindesk.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.margindesk.config.MarginDeskConfig;

/** Which channels configuration turns on, and the refusals that stop a bad setup at startup. */
class NotificationChannelsTest {

  @Test
  void givenNothingConfigured_whenBuilt_thenOnlyTheLogChannel() {
    NotificationChannels channels = channels(Map.of());

    assertThat(channels.enabled())
        .extracting(DeliveryChannel::channel)
        .containsExactly(Channel.LOG);
    assertThat(channels.retry().delayAfter(1)).hasSeconds(5);
  }

  @Test
  void givenWebhookAndEmail_whenBuilt_thenBothBeforeTheLog() {
    NotificationChannels channels =
        channels(
            Map.of(
                "margin-desk.notifications.webhook.enabled", "true",
                "margin-desk.notifications.webhook.url", "https://exchange.example/notify",
                "margin-desk.notifications.webhook.secret", "s3cret",
                "margin-desk.notifications.email.enabled", "true"));

    assertThat(channels.enabled())
        .extracting(DeliveryChannel::channel)
        .containsExactly(Channel.WEBHOOK, Channel.EMAIL, Channel.LOG);
  }

  @Test
  void givenAWebhookWithoutUrlOrSecret_whenBuilt_thenRefusedNamingTheSetting() {
    assertThatThrownBy(() -> channels(Map.of("margin-desk.notifications.webhook.enabled", "true")))
        .hasMessageContaining("MARGIN_DESK_NOTIFICATIONS_WEBHOOK_URL");
    assertThatThrownBy(
            () ->
                channels(
                    Map.of(
                        "margin-desk.notifications.webhook.enabled", "true",
                        "margin-desk.notifications.webhook.url", "https://exchange.example/n")))
        .hasMessageContaining("MARGIN_DESK_NOTIFICATIONS_WEBHOOK_SECRET");
  }

  private static NotificationChannels channels(Map<String, String> settings) {
    Map<String, String> values = new HashMap<>(settings);
    values.put("margin-desk.temporal.target", "127.0.0.1:7233");
    values.put("margin-desk.temporal.namespace", "margin-desk");
    values.put("margin-desk.gateway.kind", "simulated");
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(MarginDeskConfig.class)
            .withSources(new PropertiesConfigSource(values, "test", 100))
            .build();
    return new NotificationChannels(
        config.getConfigMapping(MarginDeskConfig.class),
        null,
        new ObjectMapper(),
        Clock.systemUTC());
  }
}
