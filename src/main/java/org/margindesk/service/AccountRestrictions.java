package org.margindesk.service;

/**
 * Reads an account's current exchange restrictions. The exchange gateway owns them; the account
 * view asks through this port so the gateway's implementation can replace the default one.
 */
public interface AccountRestrictions {
  Restrictions current(String accountId);
}
