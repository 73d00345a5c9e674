package org.margindesk.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.security.Principal;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who a caller is, for the rules that compare people (four-eyes, task holders) and for the audit
 * trail. A bearer token's caller is its issuer-scoped subject ({@code iss#sub}), never a display
 * claim such as {@code preferred_username}, which one person may present with different values. A
 * built-in user of embedded mode is its user name.
 */
public final class CallerIdentity {
  private CallerIdentity() {}

  public static String of(SecurityIdentity identity) {
    return of(identity.getPrincipal());
  }

  static String of(Principal principal) {
    if (principal instanceof JsonWebToken token) {
      return token.getIssuer() + "#" + token.getSubject();
    }
    return principal.getName();
  }
}
