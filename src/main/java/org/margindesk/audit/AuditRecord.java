package org.margindesk.audit;

import java.util.Objects;

/**
 * What a writer asks the audit trail to record. JSON fields are JSON text or null.
 *
 * @param eventKey deterministic and unique per event, e.g. {@code <workflowId>:restrict}; a second
 *     append with the same key returns the first record instead of adding a row
 * @param actor a user name, or {@code system} for automated steps
 */
public record AuditRecord(
    String eventKey,
    String actor,
    String actorRoles,
    String action,
    String accountId,
    String marginCallId,
    String taskId,
    String reason,
    String before,
    String after,
    String details,
    String workflowId,
    String runId,
    String requestId) {

  public static final String SYSTEM = "system";

  public AuditRecord {
    Objects.requireNonNull(eventKey, "eventKey");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    actorRoles = actorRoles == null ? "" : actorRoles;
  }

  public static Builder builder(String eventKey, String actor, String action) {
    return new Builder(eventKey, actor, action);
  }

  /** Most records set only a few fields; the builder keeps call sites readable. */
  public static final class Builder {
    private final String eventKey;
    private final String actor;
    private final String action;
    private String actorRoles = "";
    private String accountId;
    private String marginCallId;
    private String taskId;
    private String reason;
    private String before;
    private String after;
    private String details;
    private String workflowId;
    private String runId;
    private String requestId;

    private Builder(String eventKey, String actor, String action) {
      this.eventKey = eventKey;
      this.actor = actor;
      this.action = action;
    }

    public Builder actorRoles(String value) {
      this.actorRoles = value;
      return this;
    }

    public Builder accountId(String value) {
      this.accountId = value;
      return this;
    }

    public Builder marginCallId(String value) {
      this.marginCallId = value;
      return this;
    }

    public Builder taskId(String value) {
      this.taskId = value;
      return this;
    }

    public Builder reason(String value) {
      this.reason = value;
      return this;
    }

    public Builder before(String json) {
      this.before = json;
      return this;
    }

    public Builder after(String json) {
      this.after = json;
      return this;
    }

    public Builder details(String json) {
      this.details = json;
      return this;
    }

    public Builder workflow(String workflowId, String runId) {
      this.workflowId = workflowId;
      this.runId = runId;
      return this;
    }

    public Builder requestId(String value) {
      this.requestId = value;
      return this;
    }

    public AuditRecord build() {
      return new AuditRecord(
          eventKey,
          actor,
          actorRoles,
          action,
          accountId,
          marginCallId,
          taskId,
          reason,
          before,
          after,
          details,
          workflowId,
          runId,
          requestId);
    }
  }
}
