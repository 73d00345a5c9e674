package org.margindesk.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.margindesk.config.MarginDeskConfig;

/** HTTP Basic for the built-in users; refuses everyone unless embedded mode is on. */
@ApplicationScoped
public class EmbeddedUsersIdentityProvider
    implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
  private final boolean embedded;

  EmbeddedUsersIdentityProvider(MarginDeskConfig config) {
    this.embedded = config.embedded().enabled();
  }

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    if (!embedded) {
      return Uni.createFrom().failure(new AuthenticationFailedException());
    }
    return EmbeddedUsers.authenticate(request.getUsername(), request.getPassword().getPassword())
        .<Uni<SecurityIdentity>>map(
            roles ->
                Uni.createFrom()
                    .item(
                        QuarkusSecurityIdentity.builder()
                            .setPrincipal(new QuarkusPrincipal(request.getUsername()))
                            .addRoles(roles)
                            .build()))
        .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException()));
  }
}
