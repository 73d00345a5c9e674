package org.margindesk.domain;

import java.util.Optional;

/**
 * An effect the exchange refused (a 4xx: unknown account, 401/403, a transition it does not allow).
 * Retrying the same request cannot help on its own, so an operator decides, through an operator
 * task of type {@link #TASK_TYPE}: retry it once they have fixed the cause at the exchange, or
 * report it done by hand, with evidence of what they did.
 */
public final class ExchangeRefusal {
  /** The operator task type of a refusal. */
  public static final String TASK_TYPE = "EXCHANGE_REFUSED";

  private ExchangeRefusal() {}

  /** How an operator resolves a refusal. */
  public enum Resolution {
    /** Send the same request again, with the same idempotency key. */
    RETRY,
    /** The operator performed the effect at the exchange themselves; the call carries on. */
    DONE_BY_HAND
  }

  /** Why a completion does not fit the task; {@code field} names the request field at fault. */
  public record Problem(String field, String message) {}

  public static boolean isRefusal(String taskType) {
    return TASK_TYPE.equals(taskType);
  }

  /**
   * Whether a completion of a task of {@code taskType} carries the right resolution: a refusal
   * needs one, and DONE_BY_HAND needs evidence (a JSON object with at least one field); any other
   * task takes none.
   *
   * @param evidenceJson the evidence as JSON object text, or null
   */
  public static Optional<Problem> completion(
      String taskType, Resolution resolution, String evidenceJson) {
    if (!isRefusal(taskType)) {
      return resolution == null
          ? Optional.empty()
          : Optional.of(
              new Problem("resolution", "only " + TASK_TYPE + " tasks take a resolution"));
    }
    if (resolution == null) {
      return Optional.of(
          new Problem("resolution", "required for " + TASK_TYPE + " tasks: RETRY or DONE_BY_HAND"));
    }
    if (resolution == Resolution.DONE_BY_HAND && isEmpty(evidenceJson)) {
      return Optional.of(
          new Problem(
              "evidence",
              "DONE_BY_HAND needs evidence of what was done at the exchange, e.g."
                  + " {\"exchangeTicket\":\"…\"}"));
    }
    return Optional.empty();
  }

  private static boolean isEmpty(String evidenceJson) {
    return evidenceJson == null
        || evidenceJson.replaceAll("\\s", "").equals("{}")
        || evidenceJson.isBlank();
  }
}
