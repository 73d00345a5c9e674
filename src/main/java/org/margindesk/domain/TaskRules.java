package org.margindesk.domain;

import java.util.Objects;

/**
 * Who may do what to an operator task, and when. Every action is decided here, from the task as
 * stored and the person asking; callers hold the task's row lock while they ask, so the answer
 * still holds when they apply it.
 *
 * <p>A repeat of an action that already happened (the same person claiming again, or completing or
 * approving again after a lost response) is {@link TaskVerdict.Kind#UNCHANGED}, so clients can
 * retry safely.
 */
public final class TaskRules {
  private TaskRules() {}

  /** A task as the rules see it. {@code type} is the liquidation step's name. */
  public record Task(
      String type, TaskStatus status, String assignee, String completedBy, String approvedBy) {
    public Task {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * Reclaiming Margin+ funds moves money out of the holder's account, so a second person (a
   * supervisor other than the one who did it) must approve it before the liquidation moves on.
   */
  public static boolean needsApproval(String type) {
    return LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS.name().equals(type);
  }

  public static TaskVerdict claim(Task task, String user) {
    return switch (task.status()) {
      case OPEN -> TaskVerdict.apply();
      case CLAIMED ->
          user.equals(task.assignee())
              ? TaskVerdict.unchanged("already claimed by " + user)
              : TaskVerdict.conflict("the task is claimed by " + task.assignee());
      case AWAITING_APPROVAL -> TaskVerdict.conflict("the task is awaiting approval");
      case DONE -> TaskVerdict.conflict("the task is done");
    };
  }

  /** The holder or any supervisor may hand a claimed task back. */
  public static TaskVerdict release(Task task, String user, boolean supervisor) {
    return switch (task.status()) {
      case OPEN -> TaskVerdict.unchanged("the task is not claimed");
      case CLAIMED ->
          user.equals(task.assignee()) || supervisor
              ? TaskVerdict.apply()
              : TaskVerdict.forbidden(
                  "the task is claimed by "
                      + task.assignee()
                      + "; only they or a supervisor can release it");
      case AWAITING_APPROVAL -> TaskVerdict.conflict("the task is awaiting approval");
      case DONE -> TaskVerdict.conflict("the task is done");
    };
  }

  /** Only the holder completes; a repeat by the same person after it went through is a no-op. */
  public static TaskVerdict complete(Task task, String user) {
    return switch (task.status()) {
      case OPEN -> TaskVerdict.conflict("the task is not claimed; claim it first");
      case CLAIMED ->
          user.equals(task.assignee())
              ? TaskVerdict.apply()
              : TaskVerdict.forbidden(
                  "the task is claimed by " + task.assignee() + "; only they can complete it");
      case AWAITING_APPROVAL ->
          user.equals(task.completedBy())
              ? TaskVerdict.unchanged("already completed, awaiting approval")
              : TaskVerdict.conflict(
                  "the task was completed by " + task.completedBy() + " and awaits approval");
      case DONE ->
          user.equals(task.completedBy())
              ? TaskVerdict.unchanged("already completed")
              : TaskVerdict.conflict("the task was completed by " + task.completedBy());
    };
  }

  public static TaskVerdict approve(Task task, String user) {
    if (!needsApproval(task.type())) {
      return TaskVerdict.conflict(task.type() + " tasks need no approval");
    }
    return switch (task.status()) {
      case OPEN, CLAIMED -> TaskVerdict.conflict("the task is not awaiting approval");
      case AWAITING_APPROVAL ->
          user.equals(task.completedBy())
              ? TaskVerdict.fourEyes(
                  user + " completed the task; a different supervisor must approve it")
              : TaskVerdict.apply();
      case DONE ->
          user.equals(task.approvedBy())
              ? TaskVerdict.unchanged("already approved")
              : TaskVerdict.conflict("the task was approved by " + task.approvedBy());
    };
  }

  public static TaskVerdict reject(Task task, String user) {
    if (!needsApproval(task.type())) {
      return TaskVerdict.conflict(task.type() + " tasks need no approval");
    }
    if (task.status() != TaskStatus.AWAITING_APPROVAL) {
      return TaskVerdict.conflict("the task is not awaiting approval");
    }
    return user.equals(task.completedBy())
        ? TaskVerdict.fourEyes(user + " completed the task; a different supervisor must reject it")
        : TaskVerdict.apply();
  }

  /**
   * The check the task-completing activity makes under the row lock, when the workflow has accepted
   * a completion. It repeats the service's decision, so a task that changed between the service's
   * check and the workflow's activity (released, claimed by someone else) is not marked done behind
   * anyone's back.
   *
   * @param approvedBy the approving supervisor, for a task that needs approval; null otherwise
   * @param claimRequired whether the actor must hold the task; false only for completions that do
   *     not come through the task service (operations tooling talking to the workflow directly)
   */
  public static TaskVerdict workflowCompletion(
      Task task, String actor, String approvedBy, boolean claimRequired) {
    if (task.status() == TaskStatus.DONE) {
      return TaskVerdict.unchanged("already done");
    }
    if (approvedBy != null) {
      if (task.status() != TaskStatus.AWAITING_APPROVAL) {
        return TaskVerdict.conflict("the task is not awaiting approval");
      }
      return approvedBy.equals(task.completedBy())
          ? TaskVerdict.fourEyes(approvedBy + " completed the task and cannot approve it")
          : TaskVerdict.apply();
    }
    return switch (task.status()) {
      case AWAITING_APPROVAL -> TaskVerdict.conflict("the task awaits a supervisor's approval");
      case CLAIMED ->
          actor.equals(task.assignee())
              ? TaskVerdict.apply()
              : TaskVerdict.conflict("the task is claimed by " + task.assignee());
      case OPEN ->
          claimRequired
              ? TaskVerdict.conflict("the task is no longer claimed by " + actor)
              : TaskVerdict.apply();
      case DONE -> TaskVerdict.unchanged("already done");
    };
  }
}
