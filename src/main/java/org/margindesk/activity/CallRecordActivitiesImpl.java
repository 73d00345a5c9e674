package org.margindesk.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.LockOptions;
import org.hibernate.jpa.AvailableHints;
import org.jboss.logging.Logger;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.config.JsonText;
import org.margindesk.domain.TaskStatus;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.metrics.MarginDeskMetrics.WriteGroup;
import org.margindesk.persistence.FacilityEntity;
import org.margindesk.persistence.GroupCommit;
import org.margindesk.persistence.KeyLookup;
import org.margindesk.persistence.MarginCallEntity;
import org.margindesk.workflow.messages.values.LifecycleFailure;

@ApplicationScoped
public class CallRecordActivitiesImpl implements CallRecordActivities {
  private static final Logger LOG = Logger.getLogger(CallRecordActivitiesImpl.class);

  private final EntityManager em;
  private final AuditTrail audit;
  private final Clock clock;
  private final ObjectMapper json;
  private final CallMoves moves;
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
      CallMoves moves,
      HolderNotices notices,
      OperatorTaskRows tasks) {
    this.em = em;
    this.tasks = tasks;
    this.notices = notices;
    this.moves = moves;
    this.audit = audit;
    this.clock = clock;
    this.json = json;
    this.openings =
        new GroupCommit<>(
            (group, unused) -> writeGroupOrLeave(group),
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
    return KeyLookup.present(em, "margin_call", "id", callIds);
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

  /** Not transactional itself: the opening is written in its group's transaction. */
  @Override
  public List<String> recordOpening(CallOpening opening) {
    Opened opened = write(opening);
    if (opened.failure() != null) {
      throw opened.failure();
    }
    return opened.unsent();
  }

  /** Written with the openings recorded at the same moment, as {@link #recordOpening}. */
  @Override
  public LiquidatingOpened recordLiquidatingOpening(CallOpening opening) {
    if (opening.liquidationStart() == null) {
      throw LifecycleFailure.INVALID_INPUT.failure(
          opening.call().callId() + ": a liquidating opening needs liquidation's first records");
    }
    Opened opened = write(opening);
    if (opened.failure() != null) {
      throw opened.failure();
    }
    return new LiquidatingOpened(opened.unsent(), opened.nextStepTask());
  }

  /**
   * In a group, or alone by this thread if its group left it (see {@link #writeGroupOrLeave}): an
   * opening waiting for a row another transaction holds then keeps no other opening waiting.
   */
  private Opened write(CallOpening opening) {
    Opened opened = openings.submit(Boolean.TRUE, opening);
    return opened != null ? opened : writeAlone(opening);
  }

  /**
   * The group's answers, written in one transaction; null for each opening the group left (see
   * {@link #writeGroup}) and, if the group failed, for all of them: each is then written alone, so
   * that one opening's failure (a retryable one, or a refused transition) is its own and no
   * other's. An opening that came alone is written at once.
   */
  List<Opened> writeGroupOrLeave(List<CallOpening> group) {
    if (group.size() == 1) {
      return List.of(writeAlone(group.get(0)));
    }
    Opened[] answers = new Opened[group.size()];
    try {
      QuarkusTransaction.requiringNew().run(() -> writeGroup(group, answers));
    } catch (RuntimeException e) {
      Arrays.fill(answers, null);
      LOG.warnf(e, "Recording %d call openings together failed; each is tried alone", group.size());
    }
    return Arrays.asList(answers);
  }

  /** {@link #writeGroupOrLeave}, then what it left written alone: every opening answered. */
  List<Opened> writeOpenings(List<CallOpening> group) {
    List<Opened> answers = new ArrayList<>(writeGroupOrLeave(group));
    for (int i = 0; i < answers.size(); i++) {
      if (answers.get(i) == null) {
        answers.set(i, writeAlone(group.get(i)));
      }
    }
    return answers;
  }

  private Opened writeAlone(CallOpening opening) {
    try {
      return QuarkusTransaction.requiringNew().call(() -> writeTogether(List.of(opening))).get(0);
    } catch (RuntimeException e) {
      return Opened.failed(e);
    }
  }

  /**
   * Writes, in the caller's transaction, the openings of the group it can write without waiting,
   * and answers them. An opening that starts liquidation moves its call, so the calls' rows are
   * locked first, in one statement that skips any row another transaction holds (ingestion's
   * updates of several calls, a remote exchange's confirmations): a group that waited for one row
   * while holding others could deadlock with them. The opening of a row held elsewhere is left to
   * be written alone, as are a second opening of a call already in the group and the liquidating
   * opening of a call whose row is not written yet (recovered from an older version).
   */
  private void writeGroup(List<CallOpening> group, Opened[] answers) {
    Set<String> locked =
        lockFree(
            group.stream()
                .filter(opening -> opening.liquidationStart() != null)
                .map(opening -> opening.call().callId())
                .distinct()
                .toList());
    Set<String> inGroup = new HashSet<>();
    List<Integer> now = new ArrayList<>(group.size());
    for (int i = 0; i < group.size(); i++) {
      CallOpening opening = group.get(i);
      String callId = opening.call().callId();
      if ((opening.liquidationStart() == null || locked.contains(callId)) && inGroup.add(callId)) {
        now.add(i);
      }
    }
    if (now.isEmpty()) {
      return;
    }
    List<Opened> written = writeTogether(now.stream().map(group::get).toList());
    for (int i = 0; i < now.size(); i++) {
      answers[now.get(i)] = written.get(i);
    }
  }

  /** Locks the calls' rows that no other transaction holds, without waiting; answers those. */
  private Set<String> lockFree(List<String> callIds) {
    if (callIds.isEmpty()) {
      return Set.of();
    }
    Set<String> locked = new HashSet<>();
    // Loaded as entities, locked: the moves below find them in the session, without a statement.
    em.createQuery(
            "SELECT c FROM MarginCallEntity c WHERE c.id IN :ids ORDER BY c.id",
            MarginCallEntity.class)
        .setParameter("ids", callIds)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .setHint(AvailableHints.HINT_SPEC_LOCK_TIMEOUT, LockOptions.SKIP_LOCKED)
        .getResultList()
        .forEach(call -> locked.add(call.id));
    return locked;
  }

  /**
   * Each call's records in the order one opening alone would write them: the row, CALL_OPENED, then
   * liquidation's first records and the next step's task if every restriction key is on record (the
   * tasks' rows and records after the group's moves, with one statement). The records go in one
   * statement, after the look-up of the restriction keys (which they do not name), and the holder's
   * notices in one.
   */
  private List<Opened> writeTogether(List<CallOpening> group) {
    Set<String> written = existingCalls(group.stream().map(o -> o.call().callId()).toList());
    List<NotificationRequest> toNotify = new ArrayList<>();
    List<AuditRecord> records = new ArrayList<>();
    for (CallOpening opening : group) {
      if (!written.contains(opening.call().callId())) {
        insertCall(opening.call());
      }
      if (opening.notice() != null) {
        toNotify.add(opening.notice());
      }
      records.add(record(opening.record()));
    }
    Set<String> done =
        audit.recordedAmong(
            group.stream().flatMap(opening -> opening.restrictionKeys().stream()).toList());
    List<TaskRequest> toOpen = new ArrayList<>();
    List<Runnable> afterRecords = new ArrayList<>();
    for (CallOpening opening : group) {
      CallChanges start = opening.liquidationStart();
      if (start == null) {
        continue;
      }
      start.progress().forEach(progress -> afterRecords.add(moves.change(progress, records)));
      if (start.notice() != null) {
        toNotify.add(start.notice());
      }
      TaskRequest task = opening.nextStepTask();
      if (task != null && done.containsAll(opening.restrictionKeys())) {
        if (task.stepStarted() != null) {
          afterRecords.add(moves.change(task.stepStarted(), records));
        }
        toOpen.add(task);
      }
    }
    Map<String, TaskStatus> taskStatuses = tasks.openAll(toOpen, records);
    Map<String, TaskStatus> tasksOpened = new HashMap<>();
    toOpen.forEach(task -> tasksOpened.put(task.callId(), taskStatuses.get(task.taskId())));
    audit.appendAll(records);
    afterRecords.forEach(Runnable::run);
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
    List<AuditRecord> records = new ArrayList<>(1);
    Runnable afterRecord = moves.change(progress, records);
    audit.appendAll(records);
    afterRecord.run();
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
}
