package org.margindesk.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.config.JsonText;
import org.margindesk.domain.CallStatus;
import org.margindesk.domain.TaskStatus;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.metrics.MarginDeskMetrics.WriteGroup;
import org.margindesk.persistence.FacilityEntity;
import org.margindesk.persistence.GroupCommit;
import org.margindesk.persistence.MarginCallEntity;
import org.margindesk.persistence.MarginCallWaiverEntity;
import org.margindesk.workflow.messages.values.LifecycleFailure;

@ApplicationScoped
public class CallRecordActivitiesImpl implements CallRecordActivities {
  private static final Logger LOG = Logger.getLogger(CallRecordActivitiesImpl.class);

  private final EntityManager em;
  private final AuditTrail audit;
  private final Clock clock;
  private final ObjectMapper json;
  private final MarginDeskMetrics metrics;
  private final AccountBreachCheck breaches;
  private final HolderNotices notices;
  private final GroupCommit<Boolean, CallOpening, Opened> openings;
  private final OperatorTaskRows tasks;

  /**
   * Openings recorded at once, by several local activities, share one transaction: alone, each
   * opening of a 10,000-breach shock was a transaction of four statements, 40,000 statements and
   * 10,000 commits in all (run W, docs/performance-runs-from-u.md). Two groups at a time keep one
   * being written while the next gathers.
   */
  private static final int OPENING_GROUPS_IN_FLIGHT = 2;

  private static final int OPENING_GROUP_MAX_SIZE = 100;

  /**
   * One opening's answer: the restriction keys not on record and the status of the next step's task
   * if it was opened, or why it was not recorded.
   */
  record Opened(List<String> unsent, TaskStatus nextStepTask, RuntimeException failure) {
    static Opened failed(RuntimeException failure) {
      return new Opened(null, null, failure);
    }
  }

  CallRecordActivitiesImpl(
      EntityManager em,
      AuditTrail audit,
      Clock clock,
      ObjectMapper json,
      MarginDeskMetrics metrics,
      AccountBreachCheck breaches,
      HolderNotices notices,
      OperatorTaskRows tasks) {
    this.em = em;
    this.tasks = tasks;
    this.notices = notices;
    this.breaches = breaches;
    this.metrics = metrics;
    this.audit = audit;
    this.clock = clock;
    this.json = json;
    this.openings =
        new GroupCommit<>(
            (group, unused) -> writeOpenings(group),
            OPENING_GROUPS_IN_FLIGHT,
            OPENING_GROUP_MAX_SIZE,
            size -> metrics.writesGrouped(WriteGroup.CALL_OPENINGS, size));
  }

  @Override
  @Transactional
  public void recordOpened(OpenedCall call) {
    if (existingCalls(List.of(call.callId())).isEmpty()) {
      insertCall(call);
    }
  }

  /**
   * Of these calls, those whose row is written. Ingestion wrote it in the transaction that opened
   * the call, which committed before the workflow started: one look by key spares writing the
   * call's JSON a second time to be thrown away (a call recovered from an older version may lack
   * it).
   */
  private Set<String> existingCalls(List<String> callIds) {
    Set<String> found = new HashSet<>();
    em.createNativeQuery("SELECT id FROM margin_call WHERE id IN (:ids)")
        .setParameter("ids", callIds)
        .getResultList()
        .forEach(id -> found.add((String) id));
    return found;
  }

  private void insertCall(OpenedCall call) {
    // ON CONFLICT: a transaction still open that inserts the row makes this wait, then do nothing.
    em.createNativeQuery(
            "INSERT INTO margin_call (id, account_id, call_number, status, opening_assessment,"
                + " latest_assessment, trigger_reasons, policy, figures, step_modes, opened_at,"
                + " deadline, updated_at) VALUES (:id, :a, :n, :s, :oa, :oa, CAST(:r AS jsonb),"
                + " CAST(:p AS jsonb), CAST(:f AS jsonb), CAST(:m AS jsonb), :o, :d, :now) ON"
                + " CONFLICT (id) DO NOTHING")
        .setParameter("id", call.callId())
        .setParameter("a", call.accountId())
        .setParameter("n", call.callNumber())
        .setParameter("s", call.status().name())
        .setParameter("oa", call.openingAssessment())
        .setParameter("r", JsonText.write(json, call.triggerReasons()))
        .setParameter("p", JsonText.write(json, call.policy()))
        .setParameter("f", JsonText.write(json, call.figures()))
        .setParameter("m", JsonText.write(json, call.stepModes()))
        .setParameter("o", Timestamp.from(Instant.ofEpochMilli(call.openedAtMillis())))
        .setParameter("d", Timestamp.from(Instant.ofEpochMilli(call.deadlineMillis())))
        .setParameter("now", Timestamp.from(clock.instant()))
        .executeUpdate();
  }

  /**
   * Not transactional itself: the opening is written in its group's transaction. One that starts
   * liquidation is written alone: its records lock the call's row, and a transaction holding the
   * rows of several calls could deadlock with ingestion's updates of several (a remote exchange's
   * confirmations, assessment notices), which lock them in another order.
   */
  @Override
  public List<String> recordOpening(CallOpening opening) {
    Opened opened =
        opening.liquidationStart() == null
            ? openings.submit(Boolean.TRUE, opening)
            : writeOpenings(List.of(opening)).get(0);
    if (opened.failure() != null) {
      throw opened.failure();
    }
    return opened.unsent();
  }

  /** Written alone, as every opening that starts liquidation is (see {@link #recordOpening}). */
  @Override
  public LiquidatingOpened recordLiquidatingOpening(CallOpening opening) {
    if (opening.liquidationStart() == null) {
      throw LifecycleFailure.INVALID_INPUT.failure(
          opening.call().callId() + ": a liquidating opening needs liquidation's first records");
    }
    Opened opened = writeOpenings(List.of(opening)).get(0);
    if (opened.failure() != null) {
      throw opened.failure();
    }
    return new LiquidatingOpened(opened.unsent(), opened.nextStepTask());
  }

  /**
   * Writes the group in one transaction; if that fails, each opening alone, so that one opening's
   * failure (a retryable one, or a refused transition) is its own and no other's.
   */
  List<Opened> writeOpenings(List<CallOpening> group) {
    if (group.size() > 1) {
      try {
        return QuarkusTransaction.requiringNew().call(() -> writeTogether(group));
      } catch (RuntimeException e) {
        LOG.warnf(
            e, "Recording %d call openings together failed; each is tried alone", group.size());
      }
    }
    List<Opened> answers = new ArrayList<>(group.size());
    for (CallOpening opening : group) {
      try {
        answers.add(
            QuarkusTransaction.requiringNew().call(() -> writeTogether(List.of(opening))).get(0));
      } catch (RuntimeException e) {
        answers.add(Opened.failed(e));
      }
    }
    return answers;
  }

  /**
   * Each opening's records in the order one opening alone would write them: the row, CALL_OPENED,
   * the look-up of its restriction keys, then liquidation's first records (only ever one call's:
   * see {@link #recordOpening}) and the next step's task if every key is on record. The holder's
   * notices go last, with one statement.
   */
  private List<Opened> writeTogether(List<CallOpening> group) {
    Set<String> written = existingCalls(group.stream().map(o -> o.call().callId()).toList());
    List<NotificationRequest> toNotify = new ArrayList<>();
    for (CallOpening opening : group) {
      if (!written.contains(opening.call().callId())) {
        insertCall(opening.call());
      }
      if (opening.notice() != null) {
        toNotify.add(opening.notice());
      }
    }
    audit.appendAll(group.stream().map(opening -> record(opening.record())).toList());
    Set<String> done =
        audit.recordedAmong(
            group.stream().flatMap(opening -> opening.restrictionKeys().stream()).toList());
    Map<String, TaskStatus> tasksOpened = new HashMap<>();
    for (CallOpening opening : group) {
      CallChanges start = opening.liquidationStart();
      if (start == null) {
        continue;
      }
      start.progress().forEach(this::apply);
      if (start.notice() != null) {
        toNotify.add(start.notice());
      }
      TaskRequest task = opening.nextStepTask();
      if (task != null && done.containsAll(opening.restrictionKeys())) {
        if (task.stepStarted() != null) {
          apply(task.stepStarted());
        }
        tasksOpened.put(opening.call().callId(), tasks.open(task));
      }
    }
    notices.enqueueAll(toNotify);
    return group.stream()
        .map(
            opening ->
                new Opened(
                    opening.restrictionKeys().stream().filter(key -> !done.contains(key)).toList(),
                    tasksOpened.get(opening.call().callId()),
                    null))
        .toList();
  }

  @Override
  @Transactional
  public void recordProgress(CallProgress progress) {
    apply(progress);
  }

  @Override
  @Transactional
  public void recordChanges(CallChanges changes) {
    apply(changes);
  }

  private void apply(CallChanges changes) {
    changes.progress().forEach(this::apply);
    if (changes.notice() != null) {
      notices.enqueue(changes.notice());
    }
  }

  private void apply(CallProgress progress) {
    boolean freesTheAccount =
        progress.toStatus() == CallStatus.CURED || progress.toStatus() == CallStatus.WAIVED;
    if (freesTheAccount) {
      // The account's lock before the call's, in ingestion's order: the breach check below must
      // see every snapshot committed before this close, and none may slip in after it.
      breaches.lock(progress.accountId());
    }
    MarginCallEntity call =
        em.find(MarginCallEntity.class, progress.callId(), LockModeType.PESSIMISTIC_WRITE);
    if (call == null) {
      throw LifecycleFailure.NOT_FOUND.failure("no margin call " + progress.callId());
    }
    Map<String, Object> before = view(call);
    CallStatus reached = null;
    if (progress.toStatus() != null && !progress.toStatus().equals(call.status)) {
      CallStatus from = call.status;
      CallStatus to = progress.toStatus();
      if (!from.canMoveTo(to)) {
        throw LifecycleFailure.INVALID_TRANSITION.failure(
            progress.callId() + " cannot move from " + from + " to " + to);
      }
      call.status = to;
      reached = to;
    }
    if (progress.currentStep() != null) {
      call.currentStep = progress.currentStep();
    }
    if (progress.closed() && call.closedAt == null) {
      call.closedAt = clock.instant();
    }
    if (progress.outcome() != null) {
      call.outcome = progress.outcome();
    }
    call.updatedAt = clock.instant();
    if (reached != null && !reached.isOpen()) {
      // Counted on the status change itself, so a retried activity does not count again.
      Instant closedAt = call.closedAt == null ? call.updatedAt : call.closedAt;
      metrics.callClosed(reached, Duration.between(call.openedAt, closedAt));
    }
    audit.append(
        AuditRecord.builder(progress.eventKey(), progress.actor(), progress.action())
            .accountId(progress.accountId())
            .marginCallId(progress.callId())
            .reason(progress.reason())
            .before(JsonText.write(json, before))
            .after(JsonText.write(json, view(call)))
            .workflow(progress.callId(), null)
            .build());
    // The audit record is the account of each change; the log tells only of a call's end. A line
    // per change was 2% of the service's CPU while a shock's liquidations started.
    LOG.logf(
        reached != null && !reached.isOpen() ? Logger.Level.INFO : Logger.Level.DEBUG,
        "%s: %s (%s)",
        progress.callId(),
        progress.action(),
        call.status);
    if (freesTheAccount && reached != null) {
      Instant waivedAt =
          reached == CallStatus.WAIVED
              ? MarginCallWaiverEntity.approvedAt(call.id).orElse(call.updatedAt)
              : null;
      breaches.openIfStillInBreach(progress.accountId(), waivedAt);
    }
  }

  @Override
  @Transactional
  public void cancelFacility(FacilityCancellation cancellation) {
    FacilityEntity facility =
        em.find(FacilityEntity.class, cancellation.accountId(), LockModeType.PESSIMISTIC_WRITE);
    if (facility == null) {
      throw LifecycleFailure.NOT_FOUND.failure("no facility for " + cancellation.accountId());
    }
    String before = facility.status;
    if (FacilityEntity.CANCELLED.equals(facility.status)) {
      // Already cancelled (by the CANCEL_MARGIN_PLUS step, or by an earlier attempt of this one,
      // whose audit record committed with the change): nothing happened, so nothing is recorded.
      return;
    }
    facility.status = FacilityEntity.CANCELLED;
    facility.updatedAt = clock.instant();
    audit.append(
        AuditRecord.builder(cancellation.eventKey(), AuditRecord.SYSTEM, "FACILITY_CANCELLED")
            .accountId(cancellation.accountId())
            .marginCallId(cancellation.callId())
            .before(JsonText.write(json, Map.of("status", before)))
            .after(JsonText.write(json, Map.of("status", FacilityEntity.CANCELLED)))
            .workflow(cancellation.callId(), null)
            .build());
  }

  @Override
  @Transactional
  public void audit(AuditEntry entry) {
    audit.append(record(entry));
  }

  private static AuditRecord record(AuditEntry entry) {
    return AuditRecord.builder(entry.eventKey(), entry.actor(), entry.action())
        .accountId(entry.accountId())
        .marginCallId(entry.callId())
        .taskId(entry.taskId())
        .reason(entry.reason())
        .details(entry.detailsJson())
        .workflow(entry.callId(), null)
        .build();
  }

  private static Map<String, Object> view(MarginCallEntity call) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("status", call.status);
    view.put("currentStep", call.currentStep);
    view.put("closedAt", call.closedAt == null ? null : call.closedAt.toString());
    view.put("outcome", call.outcome);
    return view;
  }
}
