package org.margindesk.notification;

/**
 * What one attempt on one channel came to.
 *
 * @param statusCode the HTTP status of a webhook attempt; null without a response or without HTTP
 */
public record DeliveryResult(boolean delivered, Integer statusCode, String error) {
  public static DeliveryResult ok(Integer statusCode) {
    return new DeliveryResult(true, statusCode, null);
  }

  public static DeliveryResult failed(Integer statusCode, String error) {
    return new DeliveryResult(false, statusCode, error);
  }
}
