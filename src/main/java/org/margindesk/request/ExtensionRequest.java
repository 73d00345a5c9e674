package org.margindesk.request;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.margindesk.domain.SupervisorRules;

/**
 * A supervisor extends a call's deadline. The workflow's validator checks the allowance again (it
 * is the authority); checking the shape here answers a malformed request without a round trip.
 */
@Schema(name = "ExtensionRequest")
public record ExtensionRequest(
    @Schema(required = true, description = "Positive ISO-8601 duration, e.g. PT6H")
        @NotNull(message = Requests.REQUIRED)
        @IsoDuration(
            minInclusive = false,
            outOfRange = "must be a positive ISO-8601 duration such as PT6H")
        String extendBy,
    @Schema(required = true, maxLength = SupervisorRules.MAX_REASON_LENGTH)
        @NotNull(message = Requests.REQUIRED)
        @Text(max = SupervisorRules.MAX_REASON_LENGTH)
        String reason)
    implements JsonRequest {

  public Duration duration() {
    return Duration.parse(extendBy);
  }
}
