package org.margindesk.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.margindesk.api.problem.ApiException;
import org.margindesk.api.problem.Problem;
import org.margindesk.domain.PolicyOverrides;
import org.margindesk.ingest.FieldReader;
import org.margindesk.ingest.JsonInput;
import org.margindesk.service.FacilityService.FacilityCommand;

/** Validates the PUT facility body field by field; the limits follow V2__facility.sql. */
final class FacilityRequests {
  private static final Set<String> FIELDS =
      Set.of("marginPlusAmount", "asset", "exchangeAlias", "contactEmail", "policy");
  private static final Set<String> POLICY_FIELDS =
      Set.of(
          "minTopUpRatio",
          "terminationRatio",
          "mmrMarginCall",
          "mmrLiquidation",
          "remediationWindow",
          "maxExtension");
  private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9]{1,16}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private FacilityRequests() {}

  static void checkAccountId(String accountId) {
    if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
      throw ApiException.badRequest(
          "accountId must be 1 to 64 letters, digits, '.', '_', ':' or '-'",
          List.of(
              new Problem.FieldError(
                  "accountId", "must be 1 to 64 letters, digits, '.', '_', ':' or '-'")));
    }
  }

  static FacilityCommand parse(String body) {
    JsonNode root = JsonInput.requireObject(JsonInput.parse(body), null);
    FieldReader fields = new FieldReader(root);
    fields.rejectUnknown(FIELDS);
    BigDecimal amount = fields.requiredDecimal("marginPlusAmount", false, FieldReader.MAX_SCALE);
    if (amount != null && amount.signum() == 0) {
      fields.error("marginPlusAmount", "must be greater than zero");
    }
    String asset = fields.requiredString("asset", 16);
    if (asset != null && !ASSET.matcher(asset).matches()) {
      fields.error("asset", "must be letters and digits only, e.g. USDT");
    }
    String alias = fields.optionalString("exchangeAlias", 64);
    String email = fields.optionalString("contactEmail", 254);
    if (email != null && !EMAIL.matcher(email).matches()) {
      fields.error("contactEmail", "must be an e-mail address");
    }
    PolicyOverrides policy = null;
    if (fields.isPresent("policy")) {
      JsonNode node = fields.requiredObject("policy");
      if (node != null) {
        policy = policy(fields.nested(node, "policy"));
      }
    }
    fields.throwIfErrors();
    return new FacilityCommand(amount, asset.toUpperCase(Locale.ROOT), alias, email, policy);
  }

  private static PolicyOverrides policy(FieldReader policy) {
    policy.rejectUnknown(POLICY_FIELDS);
    // Column widths: ratios NUMERIC(12, 6), MMR levels NUMERIC(20, 8).
    BigDecimal minTopUp = positive(policy, "minTopUpRatio", 6, 6);
    BigDecimal termination = positive(policy, "terminationRatio", 6, 6);
    BigDecimal mmrCall = positive(policy, "mmrMarginCall", 8, 12);
    BigDecimal mmrLiquidation = positive(policy, "mmrLiquidation", 8, 12);
    Duration window = duration(policy, "remediationWindow", PolicyOverrides.MIN_REMEDIATION_WINDOW);
    Duration extension = duration(policy, "maxExtension", Duration.ZERO);
    return new PolicyOverrides(minTopUp, termination, mmrCall, mmrLiquidation, window, extension);
  }

  private static BigDecimal positive(
      FieldReader fields, String field, int maxScale, int maxIntegerDigits) {
    BigDecimal value = fields.optionalDecimal(field, false, maxScale, maxIntegerDigits);
    if (value != null && value.signum() == 0) {
      fields.error(field, "must be greater than zero");
      return null;
    }
    return value;
  }

  /**
   * @param minimum the shortest value allowed (zero where zero means "no extensions")
   */
  private static Duration duration(FieldReader fields, String field, Duration minimum) {
    Duration value = fields.optionalDuration(field);
    if (value == null) {
      return null;
    }
    if (value.compareTo(minimum) < 0 || value.compareTo(PolicyOverrides.MAX_DURATION) > 0) {
      fields.error(
          field,
          "must be from "
              + (minimum.isZero() ? "PT0S" : minimum.toString())
              + " to 7 days (P7D), e.g. PT12H");
      return null;
    }
    return value;
  }
}
