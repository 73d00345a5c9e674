package org.margindesk.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.margindesk.config.JsonText;

/**
 * POSTs each notification as JSON to the exchange's notification service, signed with {@link
 * WebhookSignature}. Any 2xx is a delivery; anything else, a timeout or a refused connection is a
 * failed attempt that the dispatcher retries. The same notification and send always carry the same
 * {@code Idempotency-Key}, because a delivery whose answer was lost is sent again.
 */
public class WebhookChannel implements DeliveryChannel {
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final int MAX_ERROR_BODY = 300;

  private final URI url;
  private final String secret;
  private final Duration requestTimeout;
  private final HttpClient client;
  private final ObjectMapper json;
  private final Clock clock;

  public WebhookChannel(
      URI url,
      String secret,
      Duration connectTimeout,
      Duration requestTimeout,
      ObjectMapper json,
      Clock clock) {
    this.url = url;
    this.secret = secret;
    this.requestTimeout = requestTimeout;
    this.json = json;
    this.clock = clock;
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
  }

  @Override
  public Channel channel() {
    return Channel.WEBHOOK;
  }

  @Override
  public boolean appliesTo(OutboundNotification notification) {
    return true;
  }

  @Override
  public DeliveryResult deliver(OutboundNotification notification) {
    String body = body(notification);
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(
                WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
            .header(WebhookSignature.NOTIFICATION_ID_HEADER, notification.id().toString())
            .header(IDEMPOTENCY_KEY, notification.id() + ":" + notification.sendNo())
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return DeliveryResult.ok(status);
      }
      return DeliveryResult.failed(status, "HTTP " + status + ": " + abbreviate(response.body()));
    } catch (HttpTimeoutException e) {
      return DeliveryResult.failed(null, "no answer within " + requestTimeout);
    } catch (IOException e) {
      return DeliveryResult.failed(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DeliveryResult.failed(null, "interrupted");
    }
  }

  /** The JSON document that is signed and sent; docs/notifications.md shows an example. */
  public String body(OutboundNotification notification) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", notification.id().toString());
    body.put("type", notification.type());
    body.put("recipient", notification.recipient().name());
    body.put("marginCallId", notification.marginCallId());
    body.put("accountId", notification.accountId());
    body.put("createdAt", notification.createdAt().toString());
    body.put("send", notification.sendNo());
    body.put("figures", notification.figures());
    return JsonText.write(json, body);
  }

  private static String abbreviate(String text) {
    if (text == null || text.isBlank()) {
      return "(no body)";
    }
    return text.length() <= MAX_ERROR_BODY ? text : text.substring(0, MAX_ERROR_BODY) + "…";
  }
}
