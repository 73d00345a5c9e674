package org.margindesk.config;

import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Delivery of the notification outbox (docs/notifications.md): {@code margin-desk.notifications.*}.
 */
public interface NotificationSettings {
  /**
   * How long a CALL_OPENED may stay unacknowledged, counted from when it was written, before it is
   * sent again and supervisors get NOTIFICATION_UNACKNOWLEDGED.
   */
  @WithDefault("PT1H")
  Duration ackTimeout();

  Dispatcher dispatcher();

  Retry retry();

  Webhook webhook();

  Email email();

  Supervisors supervisors();

  interface Dispatcher {
    /** How often a worker instance looks for due deliveries. */
    @WithDefault("PT2S")
    Duration interval();

    /**
     * How long a run of deliveries may wait, from its start, while this instance has workflow
     * starts queued: in a market shock the calls' workflows start first (PT0S: never wait).
     */
    @WithDefault("PT30S")
    Duration yieldToStarts();
  }

  /** Exponential backoff between the attempts of one send, until the send is max-age old. */
  interface Retry {
    @WithDefault("PT5S")
    Duration initialInterval();

    @WithDefault("2")
    double multiplier();

    @WithDefault("PT5M")
    Duration maxInterval();

    @WithDefault("PT12H")
    Duration maxAge();
  }

  interface Webhook {
    @WithDefault("false")
    boolean enabled();

    /** The exchange's notification service; every notification is POSTed here as JSON. */
    Optional<URI> url();

    /** HMAC-SHA256 key of the signature header; required when the webhook is enabled. */
    Optional<String> secret();

    @WithDefault("PT2S")
    Duration connectTimeout();

    @WithDefault("PT5S")
    Duration requestTimeout();
  }

  interface Email {
    /**
     * Send e-mail through quarkus-mailer ({@code quarkus.mailer.*}): to the facility's contact
     * address, and supervisor notices to {@code supervisors.emails}.
     */
    @WithDefault("false")
    boolean enabled();
  }

  interface Supervisors {
    /** Who receives supervisor notices by e-mail (the webhook carries them as well). */
    Optional<List<String>> emails();
  }
}
