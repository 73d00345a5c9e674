package org.margindesk.api;

import java.util.List;
import java.util.regex.Pattern;
import org.margindesk.domain.Refusal;

/** The account ids the API accepts, in a path or a filter; the limits follow V2__facility.sql. */
final class AccountIds {
  static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  static final String RULE = "must be 1 to 64 letters, digits, '.', '_', ':' or '-'";

  private AccountIds() {}

  /**
   * @throws Refusal invalid, naming accountId, unless the id follows {@link #PATTERN}
   */
  static void check(String accountId) {
    if (accountId == null || !PATTERN.matcher(accountId).matches()) {
      throw Refusal.invalid(
          "accountId " + RULE, List.of(new Refusal.FieldError("accountId", RULE)));
    }
  }
}
