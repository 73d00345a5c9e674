package org.margindesk.console;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import org.margindesk.security.CallerIdentity;
import org.margindesk.security.Roles;
import org.margindesk.service.Actor;

/**
 * The signed-in person as every console page shows them ({@code me} in the templates): who they
 * are, which actions their roles allow (the server checks again on every post), and the page's
 * anti-forgery token.
 */
@RequestScoped
@Named("me")
public class Console {
  private final SecurityIdentity identity;
  private final ConsoleCsrf csrf;

  Console(SecurityIdentity identity, ConsoleCsrf csrf) {
    this.identity = identity;
    this.csrf = csrf;
  }

  public String name() {
    return identity.getPrincipal().getName();
  }

  /** The stable identity four-eyes compares, which may differ from the display name. */
  public String subject() {
    return CallerIdentity.of(identity);
  }

  public boolean operator() {
    return identity.hasRole(Roles.OPERATOR);
  }

  public boolean supervisor() {
    return identity.hasRole(Roles.SUPERVISOR);
  }

  public String roles() {
    return String.join(", ", identity.getRoles().stream().sorted().toList());
  }

  public String csrf() {
    return csrf.token();
  }

  public boolean is(String who) {
    return who != null && who.equals(subject());
  }

  public Actor actor() {
    return Actor.of(identity);
  }
}
