package org.margindesk.security;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in users of embedded mode (dev, test, demo): each user's password is its own name. They
 * do not exist in production mode.
 */
public final class EmbeddedUsers {
  static final Map<String, Set<String>> ROLES_BY_USER =
      Map.of(
          "viewer", Set.of(Roles.VIEWER),
          "operator", Set.of(Roles.OPERATOR),
          "operator2", Set.of(Roles.OPERATOR),
          "supervisor", Set.of(Roles.SUPERVISOR),
          "supervisor2", Set.of(Roles.SUPERVISOR),
          "feed", Set.of(Roles.FEED));

  private EmbeddedUsers() {}

  /** The roles of a built-in user, by name alone: for a login the password already proved. */
  public static Optional<Set<String>> roles(String user) {
    return Optional.ofNullable(user == null ? null : ROLES_BY_USER.get(user));
  }

  public static Optional<Set<String>> authenticate(String user, char[] password) {
    Set<String> roles = ROLES_BY_USER.get(user);
    if (roles == null
        || !java.security.MessageDigest.isEqual(
            user.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            new String(password).getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      return Optional.empty();
    }
    return Optional.of(roles);
  }
}
