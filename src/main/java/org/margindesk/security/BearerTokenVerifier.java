package org.margindesk.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Verifies OIDC access tokens (signed JWTs) against the issuer's published keys and reads the
 * user's roles from a configurable claim.
 */
public final class BearerTokenVerifier {
  public record Settings(
      Optional<String> issuer,
      Optional<String> jwksUrl,
      Optional<String> audience,
      String rolesClaim,
      String principalClaim) {}

  public record VerifiedToken(String principal, Set<String> roles) {}

  public static class InvalidTokenException extends Exception {
    InvalidTokenException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Settings settings;
  private final JwtConsumer consumer;

  public BearerTokenVerifier(Settings settings) {
    this.settings = settings;
    String jwksUrl = settings.jwksUrl().orElseGet(() -> discoverJwksUrl(settings.issuer()));
    JwtConsumerBuilder builder =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setAllowedClockSkewInSeconds(30)
            .setVerificationKeyResolver(
                new HttpsJwksVerificationKeyResolver(new HttpsJwks(jwksUrl)));
    settings.issuer().ifPresent(builder::setExpectedIssuer);
    if (settings.audience().isPresent()) {
      builder.setExpectedAudience(settings.audience().get());
    } else {
      builder.setSkipDefaultAudienceValidation();
    }
    this.consumer = builder.build();
  }

  public VerifiedToken verify(String token) throws InvalidTokenException {
    try {
      JwtClaims claims = consumer.processToClaims(token);
      Object principal = claims.getClaimValue(settings.principalClaim());
      String name = principal != null ? principal.toString() : claims.getSubject();
      return new VerifiedToken(name, roles(claims.getClaimsMap(), settings.rolesClaim()));
    } catch (InvalidJwtException | org.jose4j.jwt.MalformedClaimException e) {
      throw new InvalidTokenException("Bearer token rejected: " + e.getMessage(), e);
    }
  }

  /** Follows a dotted path such as {@code realm_access.roles}; accepts a list or a string. */
  static Set<String> roles(Map<String, Object> claims, String path) {
    Object node = claims;
    for (String part : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        return Set.of();
      }
      node = map.get(part);
    }
    Set<String> roles = new LinkedHashSet<>();
    if (node instanceof Collection<?> values) {
      values.forEach(value -> roles.add(String.valueOf(value)));
    } else if (node instanceof String value) {
      roles.addAll(List.of(value.split("[ ,]+")));
    }
    roles.remove("");
    return roles;
  }

  private static String discoverJwksUrl(Optional<String> issuer) {
    String base =
        issuer.orElseThrow(
            () ->
                new IllegalStateException(
                    "Set margin-desk.security.bearer.issuer or margin-desk.security.bearer.jwks-url"));
    URI discovery = URI.create(base.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    try (InputStream body = discovery.toURL().openStream()) {
      JsonNode document = new ObjectMapper().readTree(body);
      return document.path("jwks_uri").asText();
    } catch (IOException e) {
      throw new IllegalStateException("OIDC discovery at " + discovery + " failed: " + e, e);
    }
  }
}
