package org.margindesk.workflow;

import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.margindesk.activity.AuditEntry;
import org.margindesk.activity.CallChanges;
import org.margindesk.activity.CallOpening;
import org.margindesk.activity.CallProgress;
import org.margindesk.activity.CallRecordActivities;
import org.margindesk.activity.ExchangeActivities;
import org.margindesk.activity.ExchangeCommand;
import org.margindesk.activity.ExtensionRecord;
import org.margindesk.activity.FacilityCancellation;
import org.margindesk.activity.LiquidatingOpened;
import org.margindesk.activity.NotificationActivities;
import org.margindesk.activity.NotificationRequest;
import org.margindesk.activity.OpenedCall;
import org.margindesk.activity.RestrictionCommand;
import org.margindesk.activity.SupervisorActivities;
import org.margindesk.activity.TaskActivities;
import org.margindesk.activity.TaskDone;
import org.margindesk.activity.TaskRequest;
import org.margindesk.activity.WaiverDecisionRecord;
import org.margindesk.activity.WaiverRecord;
import org.margindesk.domain.TaskStatus;
import org.margindesk.workflow.messages.values.LifecycleFailure;

/**
 * In-memory activities for workflow tests: they keep effects by key, as the real ones do, and
 * record each distinct effect with the (skipped) time it happened at, so tests can assert order,
 * timing and that nothing happened twice.
 */
final class RecordingActivities
    implements CallRecordActivities,
        ExchangeActivities,
        NotificationActivities,
        TaskActivities,
        SupervisorActivities {

  /** One effect: what happened, its key, and when (test time). */
  record Effect(String what, String key, long atMillis) {}

  private final List<Effect> effects = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, TaskStatus> taskStatus = Collections.synchronizedMap(new HashMap<>());
  private final Map<String, Integer> callsPerKey = Collections.synchronizedMap(new HashMap<>());
  private final Map<String, Integer> localCallsPerKey =
      Collections.synchronizedMap(new HashMap<>());
  private final List<String> ranAsOrdinary = Collections.synchronizedList(new ArrayList<>());
  private final List<List<String>> changeSets = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> actors = Collections.synchronizedMap(new HashMap<>());
  private final Map<String, Integer> refusals = Collections.synchronizedMap(new HashMap<>());
  private final Map<String, Integer> outages = Collections.synchronizedMap(new HashMap<>());
  private final Map<String, TaskRequest> tasksOpened = Collections.synchronizedMap(new HashMap<>());
  private LongSupplier clock = System::currentTimeMillis;
  private volatile Hold hold;

  /** An audit action whose activity waits, once it has started, until the test releases it. */
  record Hold(String action, CountDownLatch started, CountDownLatch release) {}

  void useClockOf(TestWorkflowEnvironment env) {
    this.clock = env::currentTimeMillis;
  }

  /**
   * Makes the next audit of {@code action} wait for {@link Hold#release()}; a waiver's decision is
   * held as {@code WAIVER_<status>}.
   */
  Hold holdAudit(String action) {
    Hold next = new Hold(action, new CountDownLatch(1), new CountDownLatch(1));
    hold = next;
    return next;
  }

  /** Marks a task DONE as if an operator had completed it while no workflow ran. */
  void markTaskDone(String taskId) {
    taskStatus.put(taskId, TaskStatus.DONE);
  }

  /**
   * The exchange refuses the effect with this idempotency key the next {@code times} attempts, as
   * the real activity does for a 4xx: a non-retryable GATEWAY_REJECTED failure.
   */
  void refuse(String key, int times) {
    refusals.put(key, times);
  }

  /**
   * The exchange is unavailable (a 5xx, a timeout, a reset) for the effect with this idempotency
   * key the next {@code times} attempts, as the real activity reports it: GATEWAY_UNAVAILABLE,
   * retryable.
   */
  void unavailable(String key, int times) {
    outages.put(key, times);
  }

  /** The request an operator task was opened with, by task id; null if never opened. */
  TaskRequest taskOpened(String taskId) {
    return tasksOpened.get(taskId);
  }

  /**
   * Counts the attempt (and whether it ran as a local activity), then fails it as {@link
   * #unavailable} or {@link #refuse} scripted for the key, if they did.
   */
  private void scriptedFailure(String key, String action) {
    if (Activity.getExecutionContext().getInfo().isLocal()) {
      localCallsPerKey.merge(key, 1, Integer::sum);
    }
    Integer down = outages.get(key);
    if (down != null && down > 0) {
      outages.put(key, down - 1);
      callsPerKey.merge(key, 1, Integer::sum);
      throw LifecycleFailure.GATEWAY_UNAVAILABLE.failure(
          "exchange answered 503 to " + action + ": {\"error\":\"exchange busy\"}");
    }
    Integer left = refusals.get(key);
    if (left != null && left > 0) {
      refusals.put(key, left - 1);
      callsPerKey.merge(key, 1, Integer::sum);
      throw ApplicationFailure.newNonRetryableFailure(
          "exchange answered 403 to " + action + ": {\"error\":\"account locked\"}",
          LifecycleFailure.GATEWAY_REJECTED.name());
    }
  }

  List<Effect> effects() {
    synchronized (effects) {
      return List.copyOf(effects);
    }
  }

  List<String> whats() {
    return effects().stream().map(Effect::what).toList();
  }

  /** Who a restriction was set for, by its idempotency key. */
  String restrictionActor(String key) {
    return actors.get(key);
  }

  int calls(String key) {
    return callsPerKey.getOrDefault(key, 0);
  }

  /** How many of {@link #calls} ran as local activities (only the exchange's effects count). */
  int localCalls(String key) {
    return localCallsPerKey.getOrDefault(key, 0);
  }

  /** The effects (by what they did) that an ordinary activity, not a local one, performed. */
  List<String> ranAsOrdinaryActivities() {
    synchronized (ranAsOrdinary) {
      return List.copyOf(ranAsOrdinary);
    }
  }

  /** An effect of an activity, local or ordinary. */
  private void effect(String what, String key) {
    if (!Activity.getExecutionContext().getInfo().isLocal()) {
      ranAsOrdinary.add(what);
    }
    recordEffect(what, key);
  }

  private void recordEffect(String what, String key) {
    callsPerKey.merge(key, 1, Integer::sum);
    synchronized (effects) {
      if (effects.stream().noneMatch(e -> e.key().equals(key))) {
        effects.add(new Effect(what, key, clock.getAsLong()));
      }
    }
  }

  @Override
  public void recordOpened(OpenedCall call) {
    // The read model can be unavailable too: unavailable(callId + ":row", n).
    scriptedFailure(call.callId() + ":row", "record-opened");
    effect("record:" + call.status(), call.callId() + ":row");
  }

  @Override
  public List<String> recordOpening(CallOpening opening) {
    recordOpened(opening.call());
    if (opening.notice() != null) {
      notify(opening.notice());
    }
    audit(opening.record());
    List<Effect> done = effects();
    if (opening.liquidationStart() != null) {
      recordChanges(opening.liquidationStart());
    }
    return opening.restrictionKeys().stream()
        .filter(key -> done.stream().noneMatch(effect -> effect.key().equals(key)))
        .toList();
  }

  @Override
  public LiquidatingOpened recordLiquidatingOpening(CallOpening opening) {
    List<String> unsent = recordOpening(opening);
    TaskRequest task = opening.nextStepTask();
    if (task == null || !unsent.isEmpty()) {
      return new LiquidatingOpened(unsent, null);
    }
    return new LiquidatingOpened(unsent, openTask(task));
  }

  /** Records a restriction as ingestion's restrict-first path does, before the workflow runs. */
  void restrictedByIngestion(String key, String what) {
    recordEffect("ingestion:" + what, key);
  }

  @Override
  public void recordProgress(CallProgress progress) {
    String what =
        progress.toStatus() != null
            ? "status:" + progress.toStatus() + ":" + progress.action() + ":" + progress.actor()
            : "step:" + progress.currentStep();
    effect(what, progress.eventKey());
  }

  @Override
  public void recordChanges(CallChanges changes) {
    int from = effects.size();
    changes.progress().forEach(this::recordProgress);
    if (changes.notice() != null) {
      notify(changes.notice());
    }
    changeSets.add(whats().subList(from, effects.size()));
  }

  /** What each {@link #recordChanges} wrote, one list per attempt that got through. */
  List<List<String>> changeSets() {
    return List.copyOf(changeSets);
  }

  @Override
  public void cancelFacility(FacilityCancellation cancellation) {
    effect("facility:CANCELLED", cancellation.eventKey());
  }

  @Override
  public void audit(AuditEntry entry) {
    waitIfHeld(entry.action());
    effect("audit:" + entry.action(), entry.eventKey());
  }

  /** Waits for the test's release if {@link #holdAudit} named this action. */
  private void waitIfHeld(String action) {
    Hold current = hold;
    if (current != null && current.action().equals(action)) {
      current.started().countDown();
      try {
        if (!current.release().await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("audit of " + action + " never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public String restrict(RestrictionCommand command) {
    scriptedFailure(command.idempotencyKey(), command.restriction().path());
    effect("gateway:" + command.restriction() + "=" + command.enabled(), command.idempotencyKey());
    actors.put(command.idempotencyKey(), command.actor());
    return "{}";
  }

  @Override
  public String closeAllPositions(ExchangeCommand command) {
    scriptedFailure(command.idempotencyKey(), "close-positions");
    effect("gateway:close-all-positions", command.idempotencyKey());
    return "{}";
  }

  @Override
  public String reclaimMarginPlus(ExchangeCommand command) {
    scriptedFailure(command.idempotencyKey(), "fund-moves");
    effect("gateway:reclaim-margin-plus", command.idempotencyKey());
    return "{}";
  }

  @Override
  public void notify(NotificationRequest request) {
    effect("notify:" + request.type(), request.key());
  }

  @Override
  public TaskStatus openTask(TaskRequest request) {
    if (request.stepStarted() != null) {
      recordProgress(request.stepStarted());
    }
    effect("task:open:" + request.type(), request.taskId() + ":open");
    tasksOpened.putIfAbsent(request.taskId(), request);
    return taskStatus.computeIfAbsent(request.taskId(), id -> TaskStatus.OPEN);
  }

  @Override
  public void completeTask(TaskDone done) {
    effect("task:done:" + done.taskId() + ":" + done.actor(), done.taskId() + ":done");
    taskStatus.put(done.taskId(), TaskStatus.DONE);
  }

  @Override
  public void recordExtension(ExtensionRecord extension) {
    effect("extension:" + extension.extendBy() + ":" + extension.actor(), extension.eventKey());
  }

  @Override
  public void recordWaiverRequest(WaiverRecord waiver) {
    effect("waiver:REQUESTED:" + waiver.requestedBy(), waiver.eventKey());
  }

  @Override
  public void recordWaiverDecision(WaiverDecisionRecord decision) {
    waitIfHeld("WAIVER_" + decision.status());
    effect("waiver:" + decision.status() + ":" + decision.decidedBy(), decision.eventKey());
  }
}
