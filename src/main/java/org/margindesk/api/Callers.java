package org.margindesk.api;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.stream.Collectors;
import org.margindesk.security.CallerIdentity;
import org.margindesk.service.Actor;

/** The authenticated caller as the services record it. */
public final class Callers {
  private Callers() {}

  public static Actor actor(SecurityIdentity identity) {
    return new Actor(
        CallerIdentity.of(identity),
        identity.getRoles().stream().sorted().collect(Collectors.joining(",")));
  }
}
