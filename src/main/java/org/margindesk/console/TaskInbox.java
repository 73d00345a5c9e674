package org.margindesk.console;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.margindesk.domain.TaskStatus;
import org.margindesk.service.TaskFilter;
import org.margindesk.service.TaskQueries;
import org.margindesk.service.TaskView;

/** The inbox's four views over the task list, and the SLA badge of each task. */
@ApplicationScoped
public class TaskInbox {
  static final int MAX_ROWS = 200;

  public enum View {
    MINE("Mine"),
    UNASSIGNED("Unassigned"),
    OVERDUE("Overdue"),
    AWAITING_APPROVAL("Awaiting approval");

    private final String label;

    View(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    static View parse(String value) {
      if (value == null || value.isBlank()) {
        return MINE;
      }
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return MINE;
      }
    }
  }

  /** A task with its SLA badge: {@code level} is danger, warn or ok. */
  public record Row(TaskView task, Sla sla) {}

  public record Sla(String level, String text) {}

  private final TaskQueries tasks;
  private final Clock clock;

  TaskInbox(TaskQueries tasks, Clock clock) {
    this.tasks = tasks;
    this.clock = clock;
  }

  public List<Row> rows(View view, String me) {
    List<TaskView> found =
        switch (view) {
          case MINE ->
              tasks.list(
                  new TaskFilter(
                      Set.of(TaskStatus.CLAIMED, TaskStatus.AWAITING_APPROVAL),
                      null,
                      null,
                      null,
                      me),
                  null,
                  MAX_ROWS);
          case UNASSIGNED -> tasks.list(TaskFilter.inStatus(TaskStatus.OPEN), null, MAX_ROWS);
          case OVERDUE -> {
            Instant now = clock.instant();
            // Lists run most urgent first, so the overdue ones lead the list.
            yield tasks
                .list(TaskFilter.inStatus(TaskStatus.OPEN, TaskStatus.CLAIMED), null, MAX_ROWS)
                .stream()
                .filter(task -> task.dueAt() != null && task.dueAt().isBefore(now))
                .toList();
          }
          case AWAITING_APPROVAL ->
              tasks.list(TaskFilter.inStatus(TaskStatus.AWAITING_APPROVAL), null, MAX_ROWS);
        };
    return found.stream().map(task -> new Row(task, sla(task))).toList();
  }

  public Sla sla(TaskView task) {
    if (TaskStatus.DONE.name().equals(task.status())) {
      return new Sla("ok", "done");
    }
    if (task.dueAt() == null) {
      return new Sla("info", "no SLA");
    }
    Duration left = Duration.between(clock.instant(), task.dueAt());
    String escalation = task.escalationLevel() > 0 ? ", escalated ×" + task.escalationLevel() : "";
    if (left.isNegative()) {
      return new Sla("danger", "overdue " + human(left.negated()) + escalation);
    }
    return new Sla(
        left.compareTo(Duration.ofMinutes(10)) < 0 ? "warn" : "ok",
        "due in " + human(left) + escalation);
  }

  static String human(Duration duration) {
    long minutes = duration.toMinutes();
    return minutes >= 60 ? (minutes / 60) + "h " + (minutes % 60) + "m" : minutes + "m";
  }
}
