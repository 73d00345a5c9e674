package org.margindesk.console;

import jakarta.ws.rs.QueryParam;

/** The audit filters as typed, to show them back in the form and carry them to the export. */
public class AuditFilterForm {
  @QueryParam("accountId")
  public String accountId;

  @QueryParam("marginCallId")
  public String marginCallId;

  @QueryParam("taskId")
  public String taskId;

  @QueryParam("actor")
  public String actor;

  @QueryParam("action")
  public String action;

  @QueryParam("from")
  public String from;

  @QueryParam("to")
  public String to;

  @QueryParam("limit")
  public String limit;

  /** The filters as a query string, for the export link and the next page. */
  public String query() {
    StringBuilder query = new StringBuilder();
    add(query, "accountId", accountId);
    add(query, "marginCallId", marginCallId);
    add(query, "taskId", taskId);
    add(query, "actor", actor);
    add(query, "action", action);
    add(query, "from", from);
    add(query, "to", to);
    add(query, "limit", limit);
    return query.toString();
  }

  private static void add(StringBuilder query, String name, String value) {
    if (value != null && !value.isBlank()) {
      query.append(query.isEmpty() ? "" : "&").append(name).append('=');
      query.append(ConsoleResponses.encode(value.trim()));
    }
  }
}
