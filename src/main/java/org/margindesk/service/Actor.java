package org.margindesk.service;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.stream.Collectors;
import org.margindesk.security.CallerIdentity;

/**
 * Who asked for a change, for the rules and the audit trail.
 *
 * @param name the caller's stable identity (security.CallerIdentity): what four-eyes and task
 *     holders compare, and what the audit trail records
 * @param roles the caller's roles, comma-separated
 */
public record Actor(String name, String roles) {

  /** The authenticated caller, whether it came through the API or the console. */
  public static Actor of(SecurityIdentity identity) {
    return new Actor(
        CallerIdentity.of(identity),
        identity.getRoles().stream().sorted().collect(Collectors.joining(",")));
  }
}
