package org.margindesk.request;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.margindesk.service.FacilityService.FacilityCommand;

/** A Margin+ facility; PUT replaces it whole. The limits follow V2__facility.sql. */
@Schema(name = "FacilityRequest", description = "A Margin+ facility; PUT replaces it whole.")
public record FacilityRequest(
    @Schema(
            required = true,
            description = "M+, the amount lent: a positive decimal, at most 8 places",
            oneOf = {String.class, BigDecimal.class})
        @NotNull(message = Requests.REQUIRED)
        @JsonDeserialize(using = DecimalReader.class)
        @Decimal
        BigDecimal marginPlusAmount,
    @Schema(required = true, description = "Letters and digits, e.g. USDT", maxLength = 16)
        @NotNull(message = Requests.REQUIRED)
        @Text(max = 16)
        @Pattern(
            regexp = "[A-Za-z0-9]*|\\s*",
            message = "must be letters and digits only, e.g. USDT")
        String asset,
    @Schema(
            description =
                "The account's alias in exchange events (Binance field i); defaults to the account"
                    + " id",
            maxLength = 64)
        @Text(max = 64)
        String exchangeAlias,
    @Schema(description = "Where holder notifications are e-mailed", maxLength = 254)
        @Text(max = 254)
        @Pattern(
            regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+|\\s*",
            message = "must be an e-mail address")
        String contactEmail,
    @Schema(description = "Per-facility overrides; a value left out takes the default") @Valid
        PolicyRequest policy)
    implements JsonRequest {

  public FacilityCommand command() {
    return new FacilityCommand(
        marginPlusAmount,
        asset.toUpperCase(Locale.ROOT),
        exchangeAlias,
        contactEmail,
        policy == null ? null : policy.overrides());
  }
}
