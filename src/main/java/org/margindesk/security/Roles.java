package org.margindesk.security;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The roles of Margin Desk. Supervisor implies operator, which implies viewer; feed (the risk and
 * exchange-event ingestion role) stands alone.
 */
public final class Roles {
  public static final String VIEWER = "viewer";
  public static final String OPERATOR = "operator";
  public static final String SUPERVISOR = "supervisor";
  public static final String FEED = "feed";

  private Roles() {}

  /** The given roles plus every role they imply. */
  public static Set<String> withImplied(Set<String> granted) {
    Set<String> roles = new LinkedHashSet<>(granted);
    if (roles.contains(SUPERVISOR)) {
      roles.add(OPERATOR);
    }
    if (roles.contains(OPERATOR)) {
      roles.add(VIEWER);
    }
    return roles;
  }
}
