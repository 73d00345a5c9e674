package org.margindesk.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTrail;
import org.margindesk.config.JsonText;
import org.margindesk.config.LifecycleSettings;
import org.margindesk.domain.ExchangeEffect;
import org.margindesk.domain.ExchangeRefusal;
import org.margindesk.domain.TaskStatus;
import org.margindesk.metrics.MarginDeskMetrics;
import org.margindesk.notification.SupervisorNotices;
import org.margindesk.persistence.ColumnArrays;
import org.margindesk.persistence.EpochMicros;
import org.margindesk.persistence.OperatorTaskEntity;
import org.margindesk.workflow.messages.values.LifecycleFailure;

/**
 * Opens an operator task in the caller's transaction: its row (found by id when it is there
 * already), its TASK_CREATED record and, for an exchange's refusal, the supervisors' notice and the
 * count, once per task. Shared by {@link TaskActivities#openTask} and the opening of a call that
 * liquidates at once ({@link CallRecordActivities#recordLiquidatingOpening}).
 */
@ApplicationScoped
class OperatorTaskRows {
  private final EntityManager em;
  private final AuditTrail audit;
  private final LifecycleSettings settings;
  private final Clock clock;
  private final ObjectMapper json;
  private final SupervisorNotices notices;
  private final MarginDeskMetrics metrics;

  OperatorTaskRows(
      EntityManager em,
      AuditTrail audit,
      LifecycleSettings settings,
      Clock clock,
      ObjectMapper json,
      SupervisorNotices notices,
      MarginDeskMetrics metrics) {
    this.em = em;
    this.audit = audit;
    this.settings = settings;
    this.clock = clock;
    this.json = json;
    this.notices = notices;
    this.metrics = metrics;
  }

  /**
   * The task's row and record, written only if they are not there yet; the step's start, if the
   * request carries one, is the caller's to record first.
   *
   * @return the task's status as stored (DONE if an operator completed it while no workflow ran)
   */
  @Transactional(Transactional.TxType.MANDATORY)
  TaskStatus open(TaskRequest request) {
    List<AuditRecord> records = new ArrayList<>(1);
    TaskStatus status = open(request, records);
    audit.appendAll(records);
    return status;
  }

  /** {@link #open(TaskRequest)}, its TASK_CREATED record added to {@code records} to append. */
  @Transactional(Transactional.TxType.MANDATORY)
  TaskStatus open(TaskRequest request, List<AuditRecord> records) {
    Instant now = clock.instant();
    String details = request.details() == null ? null : JsonText.write(json, request.details());
    int created =
        em.createNativeQuery(
                "INSERT INTO operator_task (id, margin_call_id, account_id, type, status,"
                    + " created_at, due_at, escalation_level, details) VALUES (:id, :c, :a, :t,"
                    + " :open, :now, :due, 0, CAST(:d AS jsonb)) ON CONFLICT (id) DO NOTHING")
            .setParameter("id", request.taskId())
            .setParameter("c", request.callId())
            .setParameter("a", request.accountId())
            .setParameter("t", request.type())
            .setParameter("open", TaskStatus.OPEN.name())
            .setParameter("now", Timestamp.from(now))
            .setParameter("due", Timestamp.from(now.plus(settings.taskSla(request.type()))))
            .setParameter("d", details)
            .executeUpdate();
    if (created == 1 && ExchangeRefusal.isRefusal(request.type())) {
      refused(request);
    }
    OperatorTaskEntity task = em.find(OperatorTaskEntity.class, request.taskId());
    records.add(createdRecord(request, task.dueAt));
    return task.status;
  }

  /** Once per task: a retried activity finds the row and adds neither notice nor count. */
  private void refused(TaskRequest request) {
    notices.exchangeRefused(
        request.taskId(), request.callId(), request.accountId(), request.details());
    metrics.exchangeRefused(refusedEffect(request));
  }

  private AuditRecord createdRecord(TaskRequest request, Instant dueAt) {
    return AuditRecord.builder(request.taskId() + ":created", AuditRecord.SYSTEM, "TASK_CREATED")
        .accountId(request.accountId())
        .marginCallId(request.callId())
        .taskId(request.taskId())
        .details(JsonText.write(json, created(request, dueAt)))
        .workflow(request.callId(), null)
        .build();
  }

  /**
   * {@link #open(TaskRequest, List)} for several tasks with one statement (and one more for those
   * already there, if any), their TASK_CREATED records added in the requests' order. For the
   * openings of a group, each of which opens one task: one INSERT and one look-up each flushed the
   * session and cost two round trips.
   *
   * @return each task's status as stored, by task id
   */
  @Transactional(Transactional.TxType.MANDATORY)
  Map<String, TaskStatus> openAll(List<TaskRequest> requests, List<AuditRecord> records) {
    if (requests.size() < 2) {
      return requests.stream()
          .collect(Collectors.toMap(TaskRequest::taskId, request -> open(request, records)));
    }
    Instant now = clock.instant();
    ColumnArrays<TaskRequest> columns =
        new ColumnArrays<>(requests)
            .text(TaskRequest::taskId)
            .text(TaskRequest::callId)
            .text(TaskRequest::accountId)
            .text(TaskRequest::type)
            .time(request -> now.plus(settings.taskSla(request.type())))
            .text(
                request ->
                    request.details() == null ? null : JsonText.write(json, request.details()));
    Map<String, Stored> stored =
        em.unwrap(Session.class)
            .doReturningWork(
                connection -> {
                  Map<String, Stored> rows = new HashMap<>();
                  try (PreparedStatement insert = connection.prepareStatement(INSERT_ALL)) {
                    insert.setString(1, TaskStatus.OPEN.name());
                    insert.setTimestamp(2, Timestamp.from(now));
                    columns.bind(connection, insert, 3);
                    read(insert, true, rows);
                  }
                  List<String> existing =
                      requests.stream()
                          .map(TaskRequest::taskId)
                          .filter(id -> !rows.containsKey(id))
                          .distinct()
                          .toList();
                  if (!existing.isEmpty()) {
                    try (PreparedStatement select = connection.prepareStatement(SELECT_ALL)) {
                      select.setArray(1, connection.createArrayOf("text", existing.toArray()));
                      read(select, false, rows);
                    }
                  }
                  return rows;
                });
    Map<String, TaskStatus> statuses = new HashMap<>();
    for (TaskRequest request : requests) {
      Stored task = stored.get(request.taskId());
      if (task.created() && ExchangeRefusal.isRefusal(request.type())) {
        refused(request);
      }
      records.add(createdRecord(request, task.dueAt()));
      statuses.put(request.taskId(), task.status());
    }
    return statuses;
  }

  /** A task's row as {@link #openAll} found it, and whether it wrote it. */
  private record Stored(TaskStatus status, Instant dueAt, boolean created) {}

  private static void read(PreparedStatement statement, boolean created, Map<String, Stored> rows)
      throws SQLException {
    try (ResultSet row = statement.executeQuery()) {
      while (row.next()) {
        rows.put(
            row.getString(1),
            new Stored(
                TaskStatus.valueOf(row.getString(2)), row.getTimestamp(3).toInstant(), created));
      }
    }
  }

  /** As {@link #open(TaskRequest, List)} writes one, in list order. */
  private static final String INSERT_ALL =
      "WITH p AS (SELECT CAST(? AS text) AS open, CAST(? AS timestamptz) AS at) INSERT INTO"
          + " operator_task (id, margin_call_id, account_id, type, status, created_at, due_at,"
          + " escalation_level, details) SELECT t.id, t.call_id, t.account_id, t.type, p.open,"
          + " p.at, "
          + EpochMicros.sql("t.due_s", "t.due_us")
          + ", 0, CAST(t.details AS jsonb) FROM p, "
          + ColumnArrays.unnest(
              "t", "id", "call_id", "account_id", "type", "due_s", "due_us", "details")
          + " ORDER BY t.ordinality ON CONFLICT (id) DO NOTHING RETURNING id, status, due_at";

  private static final String SELECT_ALL =
      "SELECT id, status, due_at FROM operator_task WHERE id = ANY(?)";

  private static Map<String, Object> created(TaskRequest request, Instant dueAt) {
    Map<String, Object> created = new LinkedHashMap<>();
    created.put("type", request.type());
    created.put("dueAt", dueAt.toString());
    if (request.details() != null) {
      created.put("details", request.details());
    }
    return created;
  }

  private static ExchangeEffect refusedEffect(TaskRequest request) {
    String effect = request.details() == null ? null : request.details().get("effect");
    try {
      return ExchangeEffect.valueOf(String.valueOf(effect));
    } catch (IllegalArgumentException e) {
      throw LifecycleFailure.INVALID_INPUT.failure(
          "an " + request.type() + " task needs a known effect, got " + effect);
    }
  }
}
