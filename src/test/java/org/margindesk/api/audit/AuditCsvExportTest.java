package org.margindesk.api.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.margindesk.audit.AuditCsv;
import org.margindesk.audit.AuditEventEntity;
import org.margindesk.audit.AuditKeys;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTestSupport;
import org.margindesk.audit.AuditTrail;

/**
 * The CSV export is opened in spreadsheets: a cell that starts like a formula must reach them as
 * text (OWASP "CSV injection"), whoever typed it (a reason, a user name).
 */
@QuarkusTest
class AuditCsvExportTest {
  private static final String PATH = "/api/v1/audit-events";

  @Inject AuditTrail trail;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private int counter;

  private AuditEventEntity append(
      String actor, String action, UnaryOperator<AuditRecord.Builder> fields) {
    String key = AuditKeys.of("csv-export-test", run, Integer.toString(counter++));
    AuditRecord record = fields.apply(AuditRecord.builder(key, actor, action)).build();
    return AuditTestSupport.appendChained(trail, record);
  }

  @Test
  void givenCellsStartingLikeAFormula_whenExportedAsCsv_thenEachIsPrefixedWithAQuote() {
    String account = "acct-csv-formula-" + run;
    AuditEventEntity equals =
        append(
            "operator",
            "csv.formula",
            r -> r.accountId(account).reason("=HYPERLINK(\"http://evil.example\",\"open\")"));
    AuditEventEntity plus =
        append("operator", "csv.formula", r -> r.accountId(account).reason("+1+2"));
    AuditEventEntity minus =
        append("-operator", "-csv.formula", r -> r.accountId(account).reason("-2+3"));
    AuditEventEntity at =
        append("@operator", "@csv.formula", r -> r.accountId(account).reason("@SUM(1,2)"));
    AuditEventEntity tab =
        append("operator", "csv.formula", r -> r.accountId(account).reason("\tx"));
    AuditEventEntity cr =
        append("operator", "csv.formula", r -> r.accountId(account).reason("\rx"));
    AuditEventEntity inner =
        append("operator", "csv.formula", r -> r.accountId(account).reason("a=b, -c +d @e"));

    String csv =
        given()
            .auth()
            .preemptive()
            .basic("viewer", "viewer")
            .accept("text/csv")
            .queryParam("accountId", account)
            .get(PATH)
            .then()
            .statusCode(200)
            .contentType(startsWith("text/csv"))
            .extract()
            .asString();

    assertThat(csv)
        .isEqualTo(
            AuditCsv.HEADER.stream().reduce((a, b) -> a + "," + b).orElseThrow()
                + "\r\n"
                + line(
                    equals,
                    "operator",
                    "csv.formula",
                    "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"open\"\")\"")
                + line(plus, "operator", "csv.formula", "'+1+2")
                + line(minus, "'-operator", "'-csv.formula", "'-2+3")
                + line(at, "'@operator", "'@csv.formula", "\"'@SUM(1,2)\"")
                + line(tab, "operator", "csv.formula", "'\tx")
                + line(cr, "operator", "csv.formula", "\"'\rx\"")
                + line(inner, "operator", "csv.formula", "\"a=b, -c +d @e\""));
  }

  /** One exported row of these tests' events, whose other optional cells are empty. */
  private static String line(AuditEventEntity row, String actor, String action, String reason) {
    return String.join(
            ",",
            Long.toString(row.seq),
            row.id.toString(),
            row.eventKey,
            row.occurredAt.toString(),
            actor,
            "",
            action,
            row.accountId,
            "",
            "",
            reason,
            "",
            "",
            "",
            "",
            "",
            "",
            row.prevHash,
            row.hash)
        + "\r\n";
  }
}
