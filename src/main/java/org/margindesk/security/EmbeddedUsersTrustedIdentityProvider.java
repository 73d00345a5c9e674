package org.margindesk.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.margindesk.config.MarginDeskConfig;

/**
 * The console's form login: after the password was checked once, every later request carries the
 * encrypted cookie, which names the user without the password. Only a built-in user of embedded
 * mode is trusted this way, with the roles it has today (not those it had when it signed in).
 */
@ApplicationScoped
public class EmbeddedUsersTrustedIdentityProvider
    implements IdentityProvider<TrustedAuthenticationRequest> {
  private final boolean embedded;

  EmbeddedUsersTrustedIdentityProvider(MarginDeskConfig config) {
    this.embedded = config.embedded().enabled();
  }

  @Override
  public Class<TrustedAuthenticationRequest> getRequestType() {
    return TrustedAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
    if (!embedded) {
      return Uni.createFrom().failure(new AuthenticationFailedException());
    }
    return EmbeddedUsers.roles(request.getPrincipal())
        .<Uni<SecurityIdentity>>map(
            roles ->
                Uni.createFrom()
                    .item(
                        QuarkusSecurityIdentity.builder()
                            .setPrincipal(new QuarkusPrincipal(request.getPrincipal()))
                            .addRoles(roles)
                            .build()))
        .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException()));
  }
}
