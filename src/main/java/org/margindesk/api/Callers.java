package org.margindesk.api;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.stream.Collectors;
import org.margindesk.service.Actor;

/** The authenticated caller as the services record it. */
public final class Callers {
  private Callers() {}

  public static Actor actor(SecurityIdentity identity) {
    return new Actor(
        identity.getPrincipal().getName(),
        identity.getRoles().stream().sorted().collect(Collectors.joining(",")));
  }
}
