package org.margindesk.service;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Used only while no exchange gateway bean implements {@link AccountRestrictions}: with nothing
 * applying restrictions, every account trades and withdraws freely. {@code @DefaultBean} makes any
 * other implementation win without further wiring.
 */
@DefaultBean
@ApplicationScoped
public class AccountRestrictionsReader implements AccountRestrictions {
  @Override
  public Restrictions current(String accountId) {
    return Restrictions.NONE;
  }
}
