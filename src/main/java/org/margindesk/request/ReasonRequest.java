package org.margindesk.request;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.margindesk.domain.SupervisorRules;

/** A supervisor's decision that needs its reason: an escalation, a waiver asked or rejected. */
@Schema(name = "ReasonRequest")
public record ReasonRequest(
    @Schema(required = true, maxLength = SupervisorRules.MAX_REASON_LENGTH)
        @NotNull(message = Requests.REQUIRED)
        @Text(max = SupervisorRules.MAX_REASON_LENGTH)
        String reason)
    implements JsonRequest {}
