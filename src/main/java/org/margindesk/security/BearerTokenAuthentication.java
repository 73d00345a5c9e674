package org.margindesk.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.margindesk.config.MarginDeskConfig;

/**
 * Production authentication: {@code Authorization: Bearer <OIDC access token>}. Tokens are verified
 * locally against the issuer's JWKS; the key set is cached and refreshed by jose4j.
 */
@ApplicationScoped
public class BearerTokenAuthentication
    implements HttpAuthenticationMechanism, IdentityProvider<TokenAuthenticationRequest> {
  private static final Logger LOG = Logger.getLogger(BearerTokenAuthentication.class);
  private static final String PREFIX = "Bearer ";

  private final MarginDeskConfig.Bearer settings;
  private volatile BearerTokenVerifier verifier;

  BearerTokenAuthentication(MarginDeskConfig config) {
    this.settings = config.security().bearer();
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    String header = context.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return Uni.createFrom().nullItem();
    }
    TokenAuthenticationRequest request =
        new TokenAuthenticationRequest(
            new TokenCredential(header.substring(PREFIX.length()).trim(), "bearer"));
    HttpSecurityUtils.setRoutingContextAttribute(request, context);
    return identityProviderManager.authenticate(request);
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(TokenAuthenticationRequest.class);
  }

  @Override
  public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
    return Uni.createFrom()
        .item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
  }

  @Override
  public Class<TokenAuthenticationRequest> getRequestType() {
    return TokenAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TokenAuthenticationRequest request, AuthenticationRequestContext context) {
    // Key retrieval may do network I/O, so verification runs off the event loop.
    Supplier<SecurityIdentity> verification =
        () -> {
          try {
            BearerTokenVerifier.VerifiedToken token =
                verifier().verify(request.getToken().getToken());
            return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(token.principal()))
                .addRoles(token.roles())
                .addCredential(request.getToken())
                .build();
          } catch (BearerTokenVerifier.InvalidTokenException | IllegalStateException e) {
            LOG.debug(e.getMessage());
            throw new AuthenticationFailedException(e.getMessage(), e);
          }
        };
    return context.runBlocking(verification);
  }

  private BearerTokenVerifier verifier() {
    BearerTokenVerifier current = verifier;
    if (current == null) {
      synchronized (this) {
        if (verifier == null) {
          verifier =
              new BearerTokenVerifier(
                  new BearerTokenVerifier.Settings(
                      settings.issuer(),
                      settings.jwksUrl(),
                      settings.audience(),
                      settings.rolesClaim(),
                      settings.principalClaim()));
        }
        current = verifier;
      }
    }
    return current;
  }
}
