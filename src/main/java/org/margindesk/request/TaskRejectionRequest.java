package org.margindesk.request;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A supervisor sends a completed task back to its holder. */
@Schema(name = "TaskRejectionRequest")
public record TaskRejectionRequest(
    @Schema(required = true, maxLength = TaskCompletionRequest.MAX_TEXT)
        @NotNull(message = Requests.REQUIRED)
        @Text(max = TaskCompletionRequest.MAX_TEXT)
        String reason)
    implements JsonRequest {}
