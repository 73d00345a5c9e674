package org.margindesk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.margindesk.domain.TaskVerdict.Kind;

class TaskRulesTest {
  private static final String CLOSE = LiquidationStep.CLOSE_ALL_POSITIONS.name();
  private static final String RECLAIM = LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS.name();

  private static TaskRules.Task task(String type, TaskStatus status, String assignee) {
    return new TaskRules.Task(type, status, assignee, null, null);
  }

  private static TaskRules.Task completed(TaskStatus status, String by, String approvedBy) {
    return new TaskRules.Task(RECLAIM, status, by, by, approvedBy);
  }

  @Test
  void givenTaskTypes_whenAskedForApproval_thenOnlyReclaimingMarginPlusFundsNeedsIt() {
    assertThat(TaskRules.needsApproval(RECLAIM)).isTrue();
    for (LiquidationStep step : LiquidationStep.values()) {
      if (step != LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS) {
        assertThat(TaskRules.needsApproval(step.name())).as(step.name()).isFalse();
      }
    }
  }

  @Test
  void givenEachStatus_whenClaimed_thenOnlyAnOpenTaskIsTakenAndOwnClaimsRepeatQuietly() {
    assertThat(TaskRules.claim(task(CLOSE, TaskStatus.OPEN, null), "ann").kind())
        .isEqualTo(Kind.APPLY);
    assertThat(TaskRules.claim(task(CLOSE, TaskStatus.CLAIMED, "ann"), "ann").kind())
        .isEqualTo(Kind.UNCHANGED);
    TaskVerdict taken = TaskRules.claim(task(CLOSE, TaskStatus.CLAIMED, "bob"), "ann");
    assertThat(taken.kind()).isEqualTo(Kind.CONFLICT);
    assertThat(taken.reason()).contains("bob");
    assertThat(TaskRules.claim(completed(TaskStatus.AWAITING_APPROVAL, "bob", null), "ann").kind())
        .isEqualTo(Kind.CONFLICT);
    assertThat(TaskRules.claim(task(CLOSE, TaskStatus.DONE, null), "ann").kind())
        .isEqualTo(Kind.CONFLICT);
  }

  @Test
  void givenAClaimedTask_whenReleased_thenByItsHolderOrASupervisorOnly() {
    TaskRules.Task claimed = task(CLOSE, TaskStatus.CLAIMED, "bob");
    assertThat(TaskRules.release(claimed, "bob", false).kind()).isEqualTo(Kind.APPLY);
    assertThat(TaskRules.release(claimed, "sue", true).kind()).isEqualTo(Kind.APPLY);
    assertThat(TaskRules.release(claimed, "ann", false).kind()).isEqualTo(Kind.FORBIDDEN);
    assertThat(TaskRules.release(task(CLOSE, TaskStatus.OPEN, null), "ann", false).kind())
        .isEqualTo(Kind.UNCHANGED);
    assertThat(TaskRules.release(task(CLOSE, TaskStatus.DONE, null), "sue", true).kind())
        .isEqualTo(Kind.CONFLICT);
  }

  @Test
  void givenEachStatus_whenCompleted_thenOnlyByTheHolderAndRepeatsAreQuiet() {
    assertThat(TaskRules.complete(task(CLOSE, TaskStatus.CLAIMED, "ann"), "ann").kind())
        .isEqualTo(Kind.APPLY);
    assertThat(TaskRules.complete(task(CLOSE, TaskStatus.CLAIMED, "bob"), "ann").kind())
        .isEqualTo(Kind.FORBIDDEN);
    assertThat(TaskRules.complete(task(CLOSE, TaskStatus.OPEN, null), "ann").kind())
        .isEqualTo(Kind.CONFLICT);
    assertThat(
            TaskRules.complete(completed(TaskStatus.AWAITING_APPROVAL, "ann", null), "ann").kind())
        .isEqualTo(Kind.UNCHANGED);
    assertThat(
            TaskRules.complete(completed(TaskStatus.AWAITING_APPROVAL, "bob", null), "ann").kind())
        .isEqualTo(Kind.CONFLICT);
    assertThat(TaskRules.complete(completed(TaskStatus.DONE, "ann", "sue"), "ann").kind())
        .isEqualTo(Kind.UNCHANGED);
    assertThat(TaskRules.complete(completed(TaskStatus.DONE, "bob", "sue"), "ann").kind())
        .isEqualTo(Kind.CONFLICT);
  }

  @Test
  void givenACompletionAwaitingApproval_whenTheCompleterDecides_thenFourEyesRefusesIt() {
    TaskRules.Task awaiting = completed(TaskStatus.AWAITING_APPROVAL, "sue", null);

    assertThat(TaskRules.approve(awaiting, "sue").kind()).isEqualTo(Kind.FOUR_EYES);
    assertThat(TaskRules.reject(awaiting, "sue").kind()).isEqualTo(Kind.FOUR_EYES);
    assertThat(TaskRules.approve(awaiting, "tom").kind()).isEqualTo(Kind.APPLY);
    assertThat(TaskRules.reject(awaiting, "tom").kind()).isEqualTo(Kind.APPLY);
  }

  @Test
  void givenTasksNotAwaitingApproval_whenApprovedOrRejected_thenConflictUnlessARepeat() {
    assertThat(TaskRules.approve(task(RECLAIM, TaskStatus.CLAIMED, "ann"), "tom").kind())
        .isEqualTo(Kind.CONFLICT);
    assertThat(TaskRules.approve(completed(TaskStatus.DONE, "ann", "tom"), "tom").kind())
        .isEqualTo(Kind.UNCHANGED);
    assertThat(TaskRules.approve(completed(TaskStatus.DONE, "ann", "tom"), "sue").kind())
        .isEqualTo(Kind.CONFLICT);
    assertThat(TaskRules.reject(completed(TaskStatus.DONE, "ann", "tom"), "tom").kind())
        .isEqualTo(Kind.CONFLICT);
    TaskVerdict noApproval =
        TaskRules.approve(
            new TaskRules.Task(CLOSE, TaskStatus.AWAITING_APPROVAL, "ann", "ann", null), "tom");
    assertThat(noApproval.kind()).isEqualTo(Kind.CONFLICT);
    assertThat(noApproval.reason()).contains("need no approval");
  }

  @Test
  void givenTheWorkflowsActivity_whenItChecksACompletion_thenItHoldsTheSameRules() {
    TaskRules.Task claimed = task(CLOSE, TaskStatus.CLAIMED, "ann");
    assertThat(TaskRules.workflowCompletion(claimed, "ann", null, true).kind())
        .isEqualTo(Kind.APPLY);
    assertThat(TaskRules.workflowCompletion(claimed, "bob", null, false).kind())
        .isEqualTo(Kind.CONFLICT);
    TaskRules.Task open = task(CLOSE, TaskStatus.OPEN, null);
    assertThat(TaskRules.workflowCompletion(open, "ann", null, true).kind())
        .as("released while the update was on its way")
        .isEqualTo(Kind.CONFLICT);
    assertThat(TaskRules.workflowCompletion(open, "ann", null, false).kind())
        .as("a completion sent to the workflow directly")
        .isEqualTo(Kind.APPLY);
    TaskRules.Task awaiting = completed(TaskStatus.AWAITING_APPROVAL, "ann", null);
    assertThat(TaskRules.workflowCompletion(awaiting, "ann", null, false).kind())
        .isEqualTo(Kind.CONFLICT);
    assertThat(TaskRules.workflowCompletion(awaiting, "ann", "ann", true).kind())
        .isEqualTo(Kind.FOUR_EYES);
    assertThat(TaskRules.workflowCompletion(awaiting, "ann", "tom", true).kind())
        .isEqualTo(Kind.APPLY);
    assertThat(TaskRules.workflowCompletion(claimed, "ann", "tom", true).kind())
        .isEqualTo(Kind.CONFLICT);
    assertThat(
            TaskRules.workflowCompletion(completed(TaskStatus.DONE, "ann", "tom"), "x", null, true)
                .kind())
        .as("an activity retried after it committed")
        .isEqualTo(Kind.UNCHANGED);
  }
}
