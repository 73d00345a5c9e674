package org.margindesk.audit;

import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.margindesk.paging.ListQuery;

/**
 * Audit events as RFC 4180 CSV: a header row, CRLF line ends, JSON columns as their canonical JSON
 * text (the form the row's hash covers).
 *
 * <p>The export is opened in spreadsheets, and reasons, user names and keys are typed by people: a
 * cell starting with {@code = + - @}, a tab or a CR would run as a formula there (CSV injection).
 * Such a cell gets a leading single quote, as OWASP recommends, so it shows as text; verifying a
 * row's hash from the export therefore means dropping that quote again.
 */
public final class AuditCsv {
  public static final String MEDIA_TYPE = "text/csv";
  private static final String FORMULA_STARTS = "=+-@\t\r";

  public static final List<String> HEADER =
      List.of(
          "seq",
          "id",
          "eventKey",
          "occurredAt",
          "actor",
          "actorRoles",
          "action",
          "accountId",
          "marginCallId",
          "taskId",
          "reason",
          "before",
          "after",
          "details",
          "workflowId",
          "runId",
          "requestId",
          "prevHash",
          "hash");

  private AuditCsv() {}

  /**
   * Every row the filter matches after {@code afterSeq}, streamed page by page, each page its own
   * short read, so exporting the whole trail needs the memory of one page. The API and the
   * console's export both stream through here.
   */
  public static StreamingOutput export(
      AuditEventQueries queries, AuditEventFilter filter, long afterSeq) {
    int pageSize = ListQuery.MAX_LIMIT;
    return output -> {
      Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
      header(out);
      long after = afterSeq;
      while (true) {
        List<AuditEventEntity> page = queries.page(filter, after, pageSize);
        for (AuditEventEntity row : page) {
          row(out, row);
        }
        out.flush();
        if (page.size() < pageSize) {
          return;
        }
        after = page.get(page.size() - 1).seq;
      }
    };
  }

  static void header(Writer out) throws IOException {
    line(out, HEADER);
  }

  static void row(Writer out, AuditEventEntity row) throws IOException {
    List<String> cells = new ArrayList<>(HEADER.size());
    cells.add(Long.toString(row.seq));
    cells.add(row.id.toString());
    cells.add(row.eventKey);
    cells.add(row.occurredAt.toString());
    cells.add(row.actor);
    cells.add(row.actorRoles);
    cells.add(row.action);
    cells.add(row.accountId);
    cells.add(row.marginCallId);
    cells.add(row.taskId);
    cells.add(row.reason);
    cells.add(AuditJson.canonical(row.before));
    cells.add(AuditJson.canonical(row.after));
    cells.add(AuditJson.canonical(row.details));
    cells.add(row.workflowId);
    cells.add(row.runId);
    cells.add(row.requestId);
    cells.add(row.prevHash);
    cells.add(row.hash);
    line(out, cells);
  }

  private static void line(Writer out, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(cell(cells.get(i)));
    }
    out.write("\r\n");
  }

  static String cell(String raw) {
    if (raw == null) {
      return "";
    }
    String value = startsLikeAFormula(raw) ? "'" + raw : raw;
    boolean quote =
        value.indexOf(',') >= 0
            || value.indexOf('"') >= 0
            || value.indexOf('\n') >= 0
            || value.indexOf('\r') >= 0;
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  private static boolean startsLikeAFormula(String value) {
    return !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0;
  }
}
