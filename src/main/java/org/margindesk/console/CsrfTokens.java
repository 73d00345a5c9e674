package org.margindesk.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.margindesk.config.MarginDeskConfig;

/**
 * The console's anti-forgery tokens: a signed double-submit cookie. A token is a random nonce and
 * an HMAC of the nonce with the signed-in person, so a token planted in the cookie by someone else
 * (a sibling sub-domain can set cookies) does not pass for another user, and the check needs no
 * server-side session, which the console (a cookie-only login) does not have.
 */
@ApplicationScoped
public class CsrfTokens {
  public static final String COOKIE = "margin-desk-csrf";
  public static final String FIELD = "_csrf";
  public static final String HEADER = "X-CSRF-Token";

  private final SecureRandom random = new SecureRandom();
  private final byte[] key;

  @Inject
  CsrfTokens(MarginDeskConfig config) {
    this(config.console().csrfSecret());
  }

  CsrfTokens(Optional<String> secret) {
    // Without a configured secret every start signs with a fresh key: a restart only makes open
    // pages fetch a new token. Instances behind one load balancer must share the secret.
    this.key =
        secret
            .filter(value -> !value.isBlank())
            .map(value -> value.getBytes(StandardCharsets.UTF_8))
            .orElseGet(
                () -> {
                  byte[] fresh = new byte[32];
                  random.nextBytes(fresh);
                  return fresh;
                });
  }

  public String mint(String user) {
    byte[] nonce = new byte[18];
    random.nextBytes(nonce);
    String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    return encoded + "." + sign(encoded, user);
  }

  /** Whether the token was minted by this service for this user. */
  public boolean isValid(String token, String user) {
    if (token == null || user == null) {
      return false;
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    byte[] expected = sign(token.substring(0, dot), user).getBytes(StandardCharsets.US_ASCII);
    byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  /** The double-submit check: the submitted token equals the cookie's and is the user's. */
  public boolean matches(String submitted, String cookie, String user) {
    return submitted != null
        && cookie != null
        && MessageDigest.isEqual(
            submitted.getBytes(StandardCharsets.UTF_8), cookie.getBytes(StandardCharsets.UTF_8))
        && isValid(cookie, user);
  }

  private String sign(String nonce, String user) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal((nonce + "\n" + user).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
