package org.margindesk.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem document. {@code errors} carries one entry per rejected field so a client can
 * show each message next to its input. Null members are left out, never sent as null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    @Schema(required = true) String type,
    @Schema(required = true) String title,
    @Schema(required = true) int status,
    String detail,
    String instance,
    List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public record FieldError(String field, String message) {}

  public static Problem of(int status, String title, String detail) {
    return new Problem("about:blank", title, status, detail, null, null);
  }

  public Problem withErrors(List<FieldError> fieldErrors) {
    return new Problem(type, title, status, detail, instance, fieldErrors);
  }

  public Problem withInstance(String path) {
    return new Problem(type, title, status, detail, path, errors);
  }
}
