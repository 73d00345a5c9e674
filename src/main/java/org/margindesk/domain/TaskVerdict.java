package org.margindesk.domain;

/**
 * What the task rules say about a requested action.
 *
 * @param reason why the action is refused, or what it changed; for people, not for parsing
 */
public record TaskVerdict(Kind kind, String reason) {
  public enum Kind {
    /** Carry the action out. */
    APPLY,
    /** The action already happened (a retried request): answer as before and change nothing. */
    UNCHANGED,
    /** This person may not do this to the task. */
    FORBIDDEN,
    /** The person who completed the task tried to approve or reject it. */
    FOUR_EYES,
    /** The task is not in a state that allows the action. */
    CONFLICT
  }

  public static TaskVerdict apply() {
    return new TaskVerdict(Kind.APPLY, null);
  }

  public static TaskVerdict unchanged(String reason) {
    return new TaskVerdict(Kind.UNCHANGED, reason);
  }

  public static TaskVerdict forbidden(String reason) {
    return new TaskVerdict(Kind.FORBIDDEN, reason);
  }

  public static TaskVerdict fourEyes(String reason) {
    return new TaskVerdict(Kind.FOUR_EYES, reason);
  }

  public static TaskVerdict conflict(String reason) {
    return new TaskVerdict(Kind.CONFLICT, reason);
  }

  public boolean applies() {
    return kind == Kind.APPLY;
  }

  /** Refused: FORBIDDEN, FOUR_EYES or CONFLICT. */
  public boolean refused() {
    return kind != Kind.APPLY && kind != Kind.UNCHANGED;
  }
}
