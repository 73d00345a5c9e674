package org.margindesk.workflow;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.margindesk.activity.TaskActivities;
import org.margindesk.activity.TaskDone;
import org.margindesk.activity.TaskRequest;
import org.margindesk.domain.ExchangeRefusal;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.MarginCallIds;
import org.margindesk.domain.TaskStatus;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.commands.TaskCompletion;
import org.margindesk.workflow.messages.values.TaskCompletionResult;

/**
 * The workflow's side of operator tasks: which tasks the call opened, which are done, which one a
 * manual liquidation step is waiting for, and the completeTask update's rules. Deterministic
 * workflow code; what the call does between tasks stays with {@link MarginCallWorkflowImpl}.
 *
 * <p>Built before the workflow method reads its input, because the update validator can be asked
 * that early: with no task opened yet, it refuses every completion as unknown.
 */
final class OperatorTasks {
  /** Version marker: task completions wait for an earlier cure to be audited first. */
  static final String COMPLETION_AFTER_NOTED_CURE = "completion-after-noted-cure";

  private TaskActivities tasks;
  private final Set<String> opened = new LinkedHashSet<>();
  private final Set<String> completed = new LinkedHashSet<>();
  private final Map<String, TaskCompletionResult> completions = new LinkedHashMap<>();
  private CallInput input;
  private String awaited;

  OperatorTasks(TaskActivities tasks) {
    this.tasks = tasks;
  }

  /**
   * From now on tasks are opened and closed through {@code localFirst} ({@link
   * CallEffects#LIQUIDATION_STARTS_TOGETHER}): a manual step's task no longer costs a round trip
   * through the server and a workflow task of its own. Called as the run starts, before any task.
   */
  void openLocalFirst(TaskActivities localFirst) {
    tasks = localFirst;
  }

  /** Tasks done before a recovery or continue-as-new count as opened and done. */
  void start(CallInput callInput) {
    input = callInput;
    if (callInput.resume() != null) {
      opened.addAll(callInput.resume().doneTaskIds());
      completed.addAll(callInput.resume().doneTaskIds());
    }
  }

  String awaitedTaskId() {
    return awaited;
  }

  List<String> completedTaskIds() {
    return List.copyOf(completed);
  }

  boolean isDone(String taskId) {
    return completed.contains(taskId);
  }

  /**
   * Opens a task (the activity finds an existing one by its id).
   *
   * @return whether it is already done, completed while no workflow ran
   */
  boolean open(TaskRequest request) {
    TaskStatus status = tasks.openTask(request);
    opened.add(request.taskId());
    if (status == TaskStatus.DONE) {
      completed.add(request.taskId());
      return true;
    }
    return false;
  }

  /**
   * A manual step's task, with the step's start to record in the transaction that opens it (null:
   * the start is on record).
   */
  TaskRequest request(LiquidationStep step, Progress started) {
    String taskId = MarginCallIds.taskId(input.callId(), step);
    return started == null
        ? new TaskRequest(taskId, input.callId(), input.accountId(), step.name())
        : TaskRequest.forStep(taskId, step.name(), started.build());
  }

  /** A task that another activity opened (with liquidation's first records), as it stands. */
  void openedWith(TaskRequest request, TaskStatus status) {
    opened.add(request.taskId());
    if (status == TaskStatus.DONE) {
      completed.add(request.taskId());
    }
  }

  /**
   * Marks a task done in the system's name, without an operator.
   *
   * @throws ActivityFailure when the activity refuses (an operator holds the task)
   */
  void closeBySystem(String taskId, String note) {
    tasks.completeTask(
        new TaskDone(
            taskId, input.callId(), input.accountId(), MarginCallWorkflowImpl.SYSTEM, note, null));
    completed.add(taskId);
  }

  /**
   * A manual step: opens its task and returns once an operator has completed it. A cure that
   * arrives meanwhile is audited at once, though it does not stop liquidation.
   *
   * @param started the step's start, to record with the task's opening; null if it is on record
   */
  void awaitStep(LiquidationStep step, CureDuringLiquidation cure, Progress started) {
    String taskId = MarginCallIds.taskId(input.callId(), step);
    if (completed.contains(taskId)) {
      // Done before this run (a recovery): nothing to open, but the step's start is still recorded.
      if (started != null) {
        started.record();
      }
      return;
    }
    // A task opened with liquidation's first records is awaited as it is (see openedWith).
    if (!opened.contains(taskId) && open(request(step, started))) {
      return;
    }
    awaited = taskId;
    while (!completed.contains(taskId)) {
      Workflow.await(() -> completed.contains(taskId) || cure.awaitsNote());
      cure.noteIfArrived();
    }
    awaited = null;
  }

  /** The completeTask validator: a refused completion never enters history. */
  void validate(TaskCompletion completion, ExchangeRefusals refusals) {
    if (completion == null || isBlank(completion.taskId())) {
      throw new IllegalArgumentException("taskId is required");
    }
    if (isBlank(completion.actor())) {
      throw new IllegalArgumentException("actor is required");
    }
    if (completion.approvedBy() != null && completion.approvedBy().equals(completion.actor())) {
      // Four-eyes: the task service never sends this; the workflow refuses it all the same.
      throw new IllegalArgumentException("the approver must not be the person who completed");
    }
    if (!opened.contains(completion.taskId())) {
      throw new IllegalArgumentException("unknown task " + completion.taskId());
    }
    if (completed.contains(completion.taskId())) {
      throw new IllegalArgumentException("task " + completion.taskId() + " is already completed");
    }
    boolean refused = refusals.isPending(completion.taskId());
    if (!completion.taskId().equals(awaited) && !refused) {
      // A refused effect's task is resolved whenever the operator is ready, awaited or not.
      throw new IllegalArgumentException("task " + completion.taskId() + " is not awaited");
    }
    ExchangeRefusal.completion(
            refused ? ExchangeRefusal.TASK_TYPE : null,
            completion.resolution(),
            completion.evidenceJson())
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem.field() + ": " + problem.message());
            });
    String evidence = completion.evidenceJson();
    if (evidence != null && !evidence.isBlank() && !evidence.trim().startsWith("{")) {
      throw new IllegalArgumentException("evidence must be a JSON object");
    }
  }

  /**
   * The completeTask update: marks the task done through its activity (which re-checks it under the
   * row lock) and answers with the step the call is at by then. A repeated completion answers as
   * the first did.
   */
  TaskCompletionResult complete(
      TaskCompletion completion,
      Supplier<LiquidationStep> currentStep,
      CureDuringLiquidation cure,
      ExchangeRefusals refusals) {
    TaskCompletionResult earlier = completions.get(completion.taskId());
    if (earlier != null) {
      return earlier;
    }
    if (Workflow.getVersion(COMPLETION_AFTER_NOTED_CURE, Workflow.DEFAULT_VERSION, 1) >= 1) {
      // A cure that reached the call before this completion is audited before it: otherwise the
      // two activities are scheduled in one workflow task and the trail's order is up to chance.
      Workflow.await(() -> !cure.awaitsNote());
    }
    try {
      tasks.completeTask(
          new TaskDone(
              completion.taskId(),
              input.callId(),
              input.accountId(),
              completion.actor(),
              completion.note(),
              completion.evidenceJson(),
              completion.approvedBy(),
              completion.claimRequired(),
              completion.resolution() == null ? null : completion.resolution().name()));
    } catch (ActivityFailure e) {
      // The task stays awaited; the caller hears why.
      throw ApplicationFailure.newFailureWithCause(
          "task " + completion.taskId() + " could not be completed", "TASK_NOT_COMPLETED", e);
    }
    TaskCompletionResult result =
        new TaskCompletionResult(completion.taskId(), currentStep.get(), completion.actor());
    completions.put(completion.taskId(), result);
    completed.add(completion.taskId());
    refusals.resolved(completion.taskId(), completion.resolution());
    return result;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
