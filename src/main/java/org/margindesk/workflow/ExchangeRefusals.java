package org.margindesk.workflow;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.margindesk.activity.ExchangeActivities;
import org.margindesk.activity.RestrictionCommand;
import org.margindesk.activity.TaskRequest;
import org.margindesk.domain.ExchangeEffect;
import org.margindesk.domain.ExchangeRefusal;
import org.margindesk.domain.ExchangeRefusal.Resolution;
import org.margindesk.workflow.messages.commands.CallInput;
import org.margindesk.workflow.messages.values.LifecycleFailure;

/**
 * What the call does when the exchange refuses an effect (a 4xx, GATEWAY_REJECTED): the same
 * request would be refused again, so instead of failing the workflow (which the reconciler would
 * restart forever) the refusal becomes an EXCHANGE_REFUSED operator task carrying the exchange's
 * answer, and the effect waits for the operator's resolution. RETRY sends the same request with the
 * same idempotency key (a new task if it is refused again); DONE_BY_HAND carries on as if the
 * exchange had done it. Deterministic workflow code; every other failure passes through unchanged.
 *
 * <p>No version marker: an effect that succeeds runs exactly the commands it ran before, and a
 * refusal used to fail the workflow, so no open history holds one.
 */
final class ExchangeRefusals {
  private final OperatorTasks tasks;
  private final CallInput input;
  private final Set<String> pending = new LinkedHashSet<>();
  private final Map<String, Resolution> resolutions = new HashMap<>();
  private int inBackground;

  /**
   * @param tasks the call's operator tasks, whose validator checks a completion
   */
  ExchangeRefusals(OperatorTasks tasks, CallInput input) {
    this.tasks = tasks;
    this.input = input;
  }

  /** Sets a restriction; a refusal waits here for the operator. */
  void restrict(ExchangeActivities via, RestrictionCommand command) {
    run(command.idempotencyKey(), effect(command), () -> via.restrict(command));
  }

  /**
   * Sets a restriction; a refusal is waited out in a workflow thread of its own, so the caller goes
   * on at once (the call's deadline, reminders and escalation must not wait for an operator).
   *
   * @param via a local-activity stub, tried first; a refusal's retries also go through it
   * @param fallback where the restriction goes once the local activity's bounded retries are spent
   *     ({@link LocalFirst})
   * @param needed whether the restriction still matters; once it does not (the call left OPEN: a
   *     cure or waiver lifts the opening restrictions, liquidation replaces them), a pending task
   *     is closed as no longer needed and nothing is retried
   */
  void restrictInBackground(
      ExchangeActivities via,
      ExchangeActivities fallback,
      RestrictionCommand command,
      BooleanSupplier needed) {
    try {
      LocalFirst.call(() -> via.restrict(command), () -> fallback.restrict(command));
    } catch (ActivityFailure failure) {
      ApplicationFailure refusal = refusal(failure).orElseThrow(() -> failure);
      inBackground++;
      Async.procedure(
          () -> {
            try {
              retryInBackground(via, command, refusal, needed);
            } finally {
              inBackground--;
            }
          });
    }
  }

  /** Whether no refusal is being waited out in the background; the call ends only then. */
  boolean settled() {
    return inBackground == 0;
  }

  private void retryInBackground(
      ExchangeActivities via,
      RestrictionCommand command,
      ApplicationFailure firstRefusal,
      BooleanSupplier needed) {
    String key = command.idempotencyKey();
    ApplicationFailure refusal = firstRefusal;
    for (int attempt = 1; ; attempt++) {
      if (resolve(key, effect(command), attempt, refusal, needed) != Resolution.RETRY) {
        return;
      }
      try {
        via.restrict(command);
        return;
      } catch (ActivityFailure failure) {
        refusal = refusal(failure).orElseThrow(() -> failure);
      }
    }
  }

  /** Runs an effect on the exchange; a refusal waits here for the operator. */
  void run(String key, ExchangeEffect effect, Runnable action) {
    run(key, effect, 1, action);
  }

  /** The EXCHANGE_REFUSED tasks waiting for an operator. */
  List<String> pending() {
    return List.copyOf(pending);
  }

  boolean isPending(String taskId) {
    return pending.contains(taskId);
  }

  /** The operator resolved a pending refusal (its completion went through). */
  void resolved(String taskId, Resolution resolution) {
    if (pending.contains(taskId)) {
      resolutions.put(taskId, resolution == null ? Resolution.RETRY : resolution);
    }
  }

  private void run(String key, ExchangeEffect effect, int firstAttempt, Runnable action) {
    for (int attempt = firstAttempt; ; attempt++) {
      try {
        action.run();
        return;
      } catch (ActivityFailure failure) {
        ApplicationFailure refusal = refusal(failure).orElseThrow(() -> failure);
        if (resolve(key, effect, attempt, refusal, () -> true) == Resolution.DONE_BY_HAND) {
          return;
        }
      }
    }
  }

  /**
   * Opens the attempt's task and waits for the operator's resolution; null if the effect stopped
   * being {@code needed} first (the task is then closed as no longer needed).
   */
  private Resolution resolve(
      String key,
      ExchangeEffect effect,
      int attempt,
      ApplicationFailure refusal,
      BooleanSupplier needed) {
    String taskId = taskId(key, attempt);
    if (tasks.isDone(taskId)) {
      // Resolved before this run (a recovery or continue-as-new); how is not known here, so the
      // effect is tried again: if it is refused again, the next attempt's task asks the operator.
      return Resolution.RETRY;
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("effect", effect.name());
    details.put("idempotencyKey", key);
    details.put("attempt", Integer.toString(attempt));
    details.put("failureType", refusal.getType());
    details.put("exchangeAnswer", refusal.getOriginalMessage());
    if (tasks.open(
        new TaskRequest(
            taskId, input.callId(), input.accountId(), ExchangeRefusal.TASK_TYPE, details))) {
      return Resolution.RETRY;
    }
    pending.add(taskId);
    Workflow.await(() -> resolutions.containsKey(taskId) || !needed.getAsBoolean());
    pending.remove(taskId);
    Resolution resolution = resolutions.get(taskId);
    if (resolution == null) {
      closeUnneeded(taskId);
    }
    return resolution;
  }

  private void closeUnneeded(String taskId) {
    try {
      tasks.closeBySystem(
          taskId, "no longer needed: the call left OPEN before the refusal was resolved");
    } catch (ActivityFailure failure) {
      // An operator holds the task: it stays theirs to see, but the call no longer waits on it.
    }
  }

  /** {@code <callId>:exchange-refused:<the effect's key within the call>:<attempt>}. */
  private String taskId(String key, int attempt) {
    String prefix = input.callId() + ":";
    String effect = key.startsWith(prefix) ? key.substring(prefix.length()) : key;
    return input.callId() + ":exchange-refused:" + effect + ":" + attempt;
  }

  private static ExchangeEffect effect(RestrictionCommand command) {
    return ExchangeEffect.of(command.restriction(), command.enabled());
  }

  /** The exchange's refusal behind an activity failure, if that is what it is. */
  static Optional<ApplicationFailure> refusal(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure application
            && LifecycleFailure.GATEWAY_REJECTED.name().equals(application.getType())
        ? Optional.of(application)
        : Optional.empty();
  }
}
