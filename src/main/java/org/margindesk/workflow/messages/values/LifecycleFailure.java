package org.margindesk.workflow.messages.values;

import io.temporal.failure.ApplicationFailure;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.margindesk.domain.SupervisorRules;

/** Business failures of the lifecycle, used as ApplicationFailure types. */
public enum LifecycleFailure {
  /** No facility (or no call) for the account: retrying cannot create one. */
  NOT_FOUND(false),
  /** The exchange refused the request (4xx): the same request will be refused again. */
  GATEWAY_REJECTED(false),
  /** The exchange did not answer or answered 5xx: worth retrying with the same key. */
  GATEWAY_UNAVAILABLE(true),
  /** A status change the lifecycle does not allow. */
  INVALID_TRANSITION(false),
  /**
   * Input the activity cannot store (e.g. task evidence that is not a JSON object), or a
   * supervisor's request the update validator refuses as malformed; the failure's first detail
   * names the field.
   */
  INVALID_INPUT(false),
  /** A supervisor's action that the call's (or the waiver's) status does not allow. */
  WRONG_STATUS(false),
  /** A deadline extension past the policy's allowance. */
  EXTENSION_CAP(false),
  /** Four eyes: the supervisor asking may not do this (approving their own waiver). */
  FORBIDDEN(false),
  /** A waiver request while another one is still waiting for a decision. */
  WAIVER_PENDING(false);

  private final boolean retryable;

  LifecycleFailure(boolean retryable) {
    this.retryable = retryable;
  }

  public ApplicationFailure failure(String message) {
    return retryable
        ? ApplicationFailure.newFailure(message, name())
        : ApplicationFailure.newNonRetryableFailure(message, name());
  }

  /**
   * What an update validator throws for a refused supervisor action. The SDK hands a validator's
   * exception to the client as an {@code ApplicationFailure} that keeps only the message (its type
   * and details are replaced: temporalio/sdk-java#2875, fixed upstream by sdk-java#3001 after the
   * 1.38 this project uses), so the type and the field at fault travel in the message, e.g. {@code
   * "EXTENSION_CAP: over the cap: …"} or {@code "INVALID_INPUT(reason): reason is required"};
   * {@link #decode} reads them back.
   */
  public static IllegalArgumentException refused(SupervisorRules.Refusal refusal) {
    LifecycleFailure type = valueOf(refusal.kind().name());
    String field = refusal.field() == null ? "" : "(" + refusal.field() + ")";
    return new IllegalArgumentException(type.name() + field + ": " + refusal.message());
  }

  /** A refusal read back from the message a client received. */
  public record Refused(LifecycleFailure type, String field, String message) {}

  private static final Pattern REFUSED =
      Pattern.compile("([A-Z_]+)(?:\\(([A-Za-z.]+)\\))?: (.*)", Pattern.DOTALL);

  /** The refusal encoded by {@link #refused}, or empty for any other message. */
  public static Optional<Refused> decode(String message) {
    if (message == null) {
      return Optional.empty();
    }
    Matcher matcher = REFUSED.matcher(message);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Arrays.stream(values())
        .filter(type -> type.name().equals(matcher.group(1)))
        .findFirst()
        .map(type -> new Refused(type, matcher.group(2), matcher.group(3)));
  }

  public static String[] nonRetryableTypes() {
    return Arrays.stream(values()).filter(f -> !f.retryable).map(Enum::name).toArray(String[]::new);
  }
}
