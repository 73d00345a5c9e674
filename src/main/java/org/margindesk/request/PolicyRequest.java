package org.margindesk.request;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.math.BigDecimal;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.margindesk.domain.PolicyOverrides;

/**
 * A facility's policy overrides; a value left out takes the configured default. The limits follow
 * the columns: ratios NUMERIC(12, 6), MMR levels NUMERIC(20, 8).
 */
@Schema(name = "PolicyOverridesRequest")
public record PolicyRequest(
    @Schema(
            description = "Positive decimal, e.g. 1.25",
            oneOf = {String.class, BigDecimal.class})
        @JsonDeserialize(using = DecimalReader.class)
        @Decimal(fraction = 6, integer = 6)
        BigDecimal minTopUpRatio,
    @Schema(
            description = "Positive decimal, e.g. 1.10",
            oneOf = {String.class, BigDecimal.class})
        @JsonDeserialize(using = DecimalReader.class)
        @Decimal(fraction = 6, integer = 6)
        BigDecimal terminationRatio,
    @Schema(
            description = "Positive decimal, e.g. 10",
            oneOf = {String.class, BigDecimal.class})
        @JsonDeserialize(using = DecimalReader.class)
        @Decimal(fraction = 8, integer = 12)
        BigDecimal mmrMarginCall,
    @Schema(
            description = "Positive decimal, e.g. 5",
            oneOf = {String.class, BigDecimal.class})
        @JsonDeserialize(using = DecimalReader.class)
        @Decimal(fraction = 8, integer = 12)
        BigDecimal mmrLiquidation,
    @Schema(description = "ISO-8601 duration from PT1M to P7D, e.g. PT12H")
        @IsoDuration(
            min = "PT1M",
            max = "P7D",
            outOfRange = "must be from PT1M to 7 days (P7D), e.g. PT12H")
        String remediationWindow,
    @Schema(description = "ISO-8601 duration from PT0S (no extensions) to P7D")
        @IsoDuration(max = "P7D", outOfRange = "must be from PT0S to 7 days (P7D), e.g. PT12H")
        String maxExtension) {

  public PolicyOverrides overrides() {
    return new PolicyOverrides(
        minTopUpRatio,
        terminationRatio,
        mmrMarginCall,
        mmrLiquidation,
        duration(remediationWindow),
        duration(maxExtension));
  }

  private static Duration duration(String text) {
    return text == null ? null : Duration.parse(text);
  }
}
