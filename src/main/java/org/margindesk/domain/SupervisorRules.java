package org.margindesk.domain;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What a supervisor may do to a margin call: extend its deadline within the policy's allowance,
 * escalate it to liquidation, or waive it with a second supervisor's approval. Each rule answers
 * with the refusal a request earns, or nothing when the request may go ahead.
 */
public final class SupervisorRules {
  /** A reason is what the audit trail shows next to the action; 1 to 1,000 characters. */
  public static final int MAX_REASON_LENGTH = 1000;

  /** Why a request is refused. The names are the failure types the API maps to HTTP statuses. */
  public enum Kind {
    /** The request itself is malformed (400), naming the field. */
    INVALID_INPUT,
    /** The call, or the waiver, is not in a status that allows the action (409). */
    WRONG_STATUS,
    /** The extension would take the total past the policy's allowance (409). */
    EXTENSION_CAP,
    /** Four eyes: the person asking may not do this (403). */
    FORBIDDEN,
    /** Another waiver request is still waiting for a decision (409). */
    WAIVER_PENDING,
    /** No such waiver on this call (404). */
    NOT_FOUND
  }

  /**
   * @param field the request field at fault, for INVALID_INPUT; otherwise null
   */
  public record Refusal(Kind kind, String field, String message) {}

  private SupervisorRules() {}

  public static Optional<Refusal> actor(String actor) {
    return isBlank(actor)
        ? Optional.of(new Refusal(Kind.INVALID_INPUT, "actor", "actor is required"))
        : Optional.empty();
  }

  /**
   * @param required false where a reason may be left out (approving a waiver)
   */
  public static Optional<Refusal> reason(String reason, boolean required) {
    if (reason == null || reason.isBlank()) {
      return required
          ? Optional.of(new Refusal(Kind.INVALID_INPUT, "reason", "reason is required"))
          : Optional.empty();
    }
    if (reason.length() > MAX_REASON_LENGTH) {
      return Optional.of(
          new Refusal(
              Kind.INVALID_INPUT,
              "reason",
              "reason must be at most " + MAX_REASON_LENGTH + " characters long"));
    }
    return Optional.empty();
  }

  /** An ISO-8601 duration greater than zero, e.g. PT6H. */
  public static Optional<Refusal> extendBy(String extendBy) {
    Refusal bad =
        new Refusal(
            Kind.INVALID_INPUT,
            "extendBy",
            "extendBy must be a positive ISO-8601 duration such as PT6H");
    if (isBlank(extendBy)) {
      return Optional.of(bad);
    }
    try {
      Duration duration = Duration.parse(extendBy);
      return duration.isNegative() || duration.isZero() ? Optional.of(bad) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.of(bad);
    }
  }

  /**
   * Extensions, escalations and waivers belong to the remediation window: once liquidation has
   * started it runs to the end (seed 004: "liquidation will occur immediately"; a LIQUIDATING call
   * can only become LIQUIDATED), and a closed call has nothing left to change.
   *
   * @param action what was asked, for the message, e.g. "an extension"
   */
  public static Optional<Refusal> openOnly(String callId, CallStatus status, String action) {
    if (status == CallStatus.OPEN) {
      return Optional.empty();
    }
    return Optional.of(
        new Refusal(
            Kind.WRONG_STATUS,
            null,
            "margin call "
                + callId
                + " is "
                + status
                + "; "
                + action
                + " is only possible while it is OPEN"));
  }

  /** What is left of the allowance; never negative. */
  public static Duration remaining(Duration maxExtension, Duration extendedSoFar) {
    Duration left = maxExtension.minus(extendedSoFar);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** The total of all extensions of a call must not exceed the policy's maxExtension. */
  public static Optional<Refusal> extension(
      Duration extendBy, Duration extendedSoFar, Duration maxExtension) {
    Duration total = extendedSoFar.plus(extendBy);
    if (total.compareTo(maxExtension) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Refusal(
            Kind.EXTENSION_CAP,
            null,
            "over the cap: extending by "
                + extendBy
                + " would make "
                + total
                + " in total, more than the "
                + maxExtension
                + " allowed; remaining allowance "
                + remaining(maxExtension, extendedSoFar)));
  }

  /** Four eyes: whoever asked for a waiver cannot be the one who approves it. */
  public static Optional<Refusal> approval(String waiverId, String requestedBy, String approver) {
    return requestedBy.equals(approver)
        ? Optional.of(
            new Refusal(
                Kind.FORBIDDEN,
                null,
                "self-approval: "
                    + approver
                    + " requested waiver "
                    + waiverId
                    + " and cannot approve it; another supervisor must"))
        : Optional.empty();
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
