package org.margindesk.request;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A supervisor sends a completed task back to its holder. */
@Schema(name = "TaskRejectionRequest")
public record TaskRejectionRequest(
    @Schema(required = true, maxLength = TaskCompletionRequest.MAX_TEXT)
        @NotNull(message = Requests.REQUIRED)
        @HasText
        @Size(max = TaskCompletionRequest.MAX_TEXT, message = Requests.TOO_LONG)
        @Storable
        String reason)
    implements JsonRequest {}
