package org.margindesk.request;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.margindesk.domain.SupervisorRules;

/** Approving a waiver: the reason, and then the whole body, may be left out. */
@Schema(name = "OptionalReasonRequest")
public record OptionalReasonRequest(
    @Schema(maxLength = SupervisorRules.MAX_REASON_LENGTH)
        @Text(max = SupervisorRules.MAX_REASON_LENGTH)
        String reason)
    implements JsonRequest.MayBeEmpty {

  /** The reason of a body that may be absent. */
  public static String of(OptionalReasonRequest request) {
    return request == null ? null : request.reason();
  }
}
