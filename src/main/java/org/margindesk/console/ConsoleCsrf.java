package org.margindesk.console;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import org.margindesk.security.CallerIdentity;

/**
 * The anti-forgery token of this request's page: the one in the person's cookie while it is theirs,
 * else a new one that {@link CsrfFilter} sends back as the cookie.
 */
@RequestScoped
public class ConsoleCsrf {
  private final CsrfTokens tokens;
  private final SecurityIdentity identity;
  private final HttpHeaders headers;
  private String minted;

  ConsoleCsrf(CsrfTokens tokens, SecurityIdentity identity, HttpHeaders headers) {
    this.tokens = tokens;
    this.identity = identity;
    this.headers = headers;
  }

  public String token() {
    if (minted != null) {
      return minted;
    }
    String user = CallerIdentity.of(identity);
    Cookie cookie = headers.getCookies().get(CsrfTokens.COOKIE);
    if (cookie != null && tokens.isValid(cookie.getValue(), user)) {
      return cookie.getValue();
    }
    minted = tokens.mint(user);
    return minted;
  }

  String minted() {
    return minted;
  }
}
