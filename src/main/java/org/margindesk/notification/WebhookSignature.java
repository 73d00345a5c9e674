package org.margindesk.notification;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature (docs/notifications.md): {@code v1=} and the lower-case hex HMAC-SHA256,
 * keyed with the shared secret, of {@code <timestamp>.<body>}, where the timestamp is the {@link
 * #TIMESTAMP_HEADER} value (Unix seconds). Signing the timestamp with the body lets a receiver
 * refuse an old request replayed with its original signature.
 */
public final class WebhookSignature {
  public static final String SIGNATURE_HEADER = "X-Margin-Desk-Signature";
  public static final String TIMESTAMP_HEADER = "X-Margin-Desk-Timestamp";
  public static final String NOTIFICATION_ID_HEADER = "X-Margin-Desk-Notification-Id";
  public static final String VERSION = "v1";

  private WebhookSignature() {}

  public static String sign(String secret, long timestampSeconds, String body) {
    return VERSION + "=" + HexFormat.of().formatHex(hmac(secret, timestampSeconds + "." + body));
  }

  /** Constant-time comparison, so a forger learns nothing from how long a refusal takes. */
  public static boolean verify(String secret, long timestampSeconds, String body, String header) {
    if (header == null) {
      return false;
    }
    byte[] expected = sign(secret, timestampSeconds, body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, header.trim().getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] hmac(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
