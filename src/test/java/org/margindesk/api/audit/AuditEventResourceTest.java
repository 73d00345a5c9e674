package org.margindesk.api.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.margindesk.audit.AuditEventEntity;
import org.margindesk.audit.AuditKeys;
import org.margindesk.audit.AuditQueryParams;
import org.margindesk.audit.AuditRecord;
import org.margindesk.audit.AuditTestSupport;
import org.margindesk.audit.AuditTrail;

@QuarkusTest
class AuditEventResourceTest {
  private static final String PATH = "/api/v1/audit-events";

  @Inject AuditTrail trail;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private int counter;

  private AuditEventEntity append(String action, UnaryOperator<AuditRecord.Builder> fields) {
    String key = AuditKeys.of("resource-test", run, Integer.toString(counter++));
    AuditRecord record = fields.apply(AuditRecord.builder(key, "operator", action)).build();
    return AuditTestSupport.appendChained(trail, record);
  }

  private static RequestSpecification as(String user) {
    return given().auth().preemptive().basic(user, user);
  }

  private static List<Long> seqs(Map<String, ?> query) {
    return as("viewer")
        .queryParams(query)
        .get(PATH)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.seq", Long.class);
  }

  @Test
  void givenEventsForTwoAccounts_whenFilteredByEachField_thenOnlyMatchingRowsInSeqOrder() {
    String a = "acct-a-" + run;
    String b = "acct-b-" + run;
    long s1 =
        append(
                "call.opened." + run,
                r -> r.accountId(a).marginCallId("mc-1-" + run).actorRoles("system"))
            .seq;
    long s2 =
        append(
                "task.claimed." + run,
                r -> r.accountId(a).marginCallId("mc-1-" + run).taskId("task-1-" + run))
            .seq;
    long s3 =
        append(
                "call.opened." + run,
                r -> r.accountId(b).marginCallId("mc-2-" + run).reason("another account"))
            .seq;
    long s4 =
        AuditTestSupport.appendChained(
                trail,
                AuditRecord.builder(
                        AuditKeys.of("resource-test", run, "by-supervisor"),
                        "supervisor-" + run,
                        "call.opened." + run)
                    .accountId(a)
                    .marginCallId("mc-1-" + run)
                    .build())
            .seq;

    assertThat(seqs(Map.of("accountId", a))).containsExactly(s1, s2, s4);
    assertThat(seqs(Map.of("accountId", b))).containsExactly(s3);
    assertThat(seqs(Map.of("marginCallId", "mc-1-" + run))).containsExactly(s1, s2, s4);
    assertThat(seqs(Map.of("taskId", "task-1-" + run))).containsExactly(s2);
    assertThat(seqs(Map.of("actor", "supervisor-" + run))).containsExactly(s4);
    assertThat(seqs(Map.of("action", "call.opened." + run))).containsExactly(s1, s3, s4);
    assertThat(seqs(Map.of("accountId", a, "action", "call.opened." + run)))
        .containsExactly(s1, s4);
    assertThat(
            seqs(
                Map.of(
                    "accountId", a, "action", "call.opened." + run, "actor", "supervisor-" + run)))
        .containsExactly(s4);
    assertThat(seqs(Map.of("accountId", b, "taskId", "task-1-" + run))).isEmpty();
    assertThat(seqs(Map.of("accountId", "no-such-" + run))).isEmpty();
  }

  @Test
  void givenEventsOverTime_whenFilteredByFromAndTo_thenFromIsInclusiveAndToExclusive() {
    String account = "acct-time-" + run;
    List<AuditEventEntity> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(append("time.test", r -> r.accountId(account)));
    }
    JsonPath all = as("viewer").queryParam("accountId", account).get(PATH).jsonPath();
    List<String> times = all.getList("items.occurredAt", String.class);
    assertThat(times).hasSize(5).allSatisfy(t -> assertThat(t).endsWith("Z"));
    Instant from = Instant.parse(times.get(1));
    Instant to = Instant.parse(times.get(3));
    List<Long> expected =
        rows.stream()
            .filter(r -> !r.occurredAt.isBefore(from) && r.occurredAt.isBefore(to))
            .map(r -> r.seq)
            .toList();
    assertThat(expected).contains(rows.get(1).seq).doesNotContain(rows.get(3).seq);

    assertThat(seqs(Map.of("accountId", account, "from", from.toString(), "to", to.toString())))
        .containsExactlyElementsOf(expected);
    assertThat(seqs(Map.of("accountId", account, "from", times.get(4))))
        .contains(rows.get(4).seq)
        .doesNotContain(rows.get(0).seq);
    assertThat(seqs(Map.of("accountId", account, "to", times.get(0)))).isEmpty();
  }

  @Test
  void givenMoreRowsThanTheLimit_whenFollowingTheCursor_thenEveryRowOnceAndNullAtTheEnd() {
    String account = "acct-page-" + run;
    List<Long> written = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      written.add(append("page.test", r -> r.accountId(account)).seq);
    }
    List<Long> read = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String cursor = null;
    do {
      RequestSpecification request =
          as("viewer").queryParam("accountId", account).queryParam("limit", 3);
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      JsonPath page = request.get(PATH).then().statusCode(200).extract().jsonPath();
      List<Long> items = page.getList("items.seq", Long.class);
      pageSizes.add(items.size());
      read.addAll(items);
      cursor = page.getString("nextCursor");
    } while (cursor != null);

    assertThat(pageSizes).containsExactly(3, 3, 1);
    assertThat(read).containsExactlyElementsOf(written);
  }

  @Test
  void givenExactlyOnePage_whenListed_thenNextCursorIsNull() {
    String account = "acct-exact-" + run;
    append("exact.test", r -> r.accountId(account));
    append("exact.test", r -> r.accountId(account));
    as("viewer")
        .queryParam("accountId", account)
        .queryParam("limit", 2)
        .get(PATH)
        .then()
        .statusCode(200)
        .body("items", hasSize(2))
        .body("nextCursor", nullValue());
  }

  @Test
  void givenAnEvent_whenListed_thenEveryFieldIsThereAndJsonIsEmbedded() {
    AuditEventEntity row =
        append(
            "fields.test." + run,
            r ->
                r.actorRoles("operator,viewer")
                    .accountId("acct-fields-" + run)
                    .marginCallId("mc-fields-" + run)
                    .taskId("task-fields-" + run)
                    .reason("because")
                    .before("{\"status\":\"OPEN\"}")
                    .after("{\"status\":\"CURED\"}")
                    .details("{\"amount\":\"1250.00\",\"ratio\":1.50,\"tags\":[\"a\"]}")
                    .workflow("wf-fields-" + run, "run-fields")
                    .requestId("req-fields-" + run));
    as("viewer")
        .queryParam("action", "fields.test." + run)
        .get(PATH)
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].seq", equalTo((int) row.seq))
        .body("items[0].id", equalTo(row.id.toString()))
        .body("items[0].eventKey", equalTo(row.eventKey))
        .body("items[0].occurredAt", equalTo(row.occurredAt.toString()))
        .body("items[0].actor", equalTo("operator"))
        .body("items[0].actorRoles", equalTo("operator,viewer"))
        .body("items[0].action", equalTo("fields.test." + run))
        .body("items[0].accountId", equalTo("acct-fields-" + run))
        .body("items[0].marginCallId", equalTo("mc-fields-" + run))
        .body("items[0].taskId", equalTo("task-fields-" + run))
        .body("items[0].reason", equalTo("because"))
        .body("items[0].before.status", equalTo("OPEN"))
        .body("items[0].after.status", equalTo("CURED"))
        .body("items[0].details.amount", equalTo("1250.00"))
        .body("items[0].details.tags[0]", equalTo("a"))
        .body("items[0].workflowId", equalTo("wf-fields-" + run))
        .body("items[0].runId", equalTo("run-fields"))
        .body("items[0].requestId", equalTo("req-fields-" + run))
        .body("items[0].prevHash", equalTo(row.prevHash))
        .body("items[0].hash", equalTo(row.hash))
        .body("nextCursor", nullValue());
    String raw =
        as("viewer")
            .queryParam("action", "fields.test." + run)
            .get(PATH)
            .then()
            .extract()
            .asString();
    assertThat(raw).contains("\"ratio\":1.50");
  }

  @Test
  void givenBadFilterValues_whenListed_then400NamingEachField() {
    Map<String, String> bad =
        Map.of(
            "from", "yesterday",
            "to", "2026-13-01T00:00:00Z",
            "limit", "0",
            "cursor", "%%%not-base64");
    for (Map.Entry<String, String> entry : bad.entrySet()) {
      as("viewer")
          .queryParam(entry.getKey(), entry.getValue())
          .get(PATH)
          .then()
          .statusCode(400)
          .contentType(startsWith("application/problem+json"))
          .body("errors[0].field", equalTo(entry.getKey()));
    }
    for (String limit : List.of("10000", "501", "-1", "ten", "1.5")) {
      as("viewer")
          .queryParam("limit", limit)
          .get(PATH)
          .then()
          .statusCode(400)
          .body("errors[0].field", equalTo("limit"));
    }
    // Valid base64, but not a cursor this service issued.
    as("viewer")
        .queryParam("cursor", "aGVsbG8")
        .get(PATH)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("cursor"));
    as("viewer")
        .queryParam("from", "2026-02-01T00:00:00Z")
        .queryParam("to", "2026-01-01T00:00:00Z")
        .get(PATH)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("from"));
    as("viewer")
        .queryParam("limit", "0")
        .queryParam("from", "nope")
        .get(PATH)
        .then()
        .statusCode(400)
        .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("from", "limit"));
    as("viewer").queryParam("limit", "500").get(PATH).then().statusCode(200);
    as("viewer").queryParam("limit", "1").get(PATH).then().statusCode(200);
  }

  @Test
  void givenAcceptCsv_whenExported_thenEveryMatchingRowWithRfc4180Quoting() {
    String account = "acct-csv-" + run;
    AuditEventEntity tricky =
        append(
            "csv.test",
            r ->
                r.accountId(account)
                    .reason("late, said \"no\"\nthen left")
                    .details("{\"k\":\"v\"}"));
    AuditEventEntity plain = append("csv.test", r -> r.accountId(account).reason("plain"));

    String csv =
        as("viewer")
            .accept("text/csv")
            .queryParam("accountId", account)
            .queryParam("limit", 1)
            .get(PATH)
            .then()
            .statusCode(200)
            .contentType(startsWith("text/csv"))
            .extract()
            .asString();

    String header =
        "seq,id,eventKey,occurredAt,actor,actorRoles,action,accountId,marginCallId,taskId,"
            + "reason,before,after,details,workflowId,runId,requestId,prevHash,hash";
    String first =
        String.join(
            ",",
            Long.toString(tricky.seq),
            tricky.id.toString(),
            tricky.eventKey,
            tricky.occurredAt.toString(),
            "operator",
            "",
            "csv.test",
            account,
            "",
            "",
            "\"late, said \"\"no\"\"\nthen left\"",
            "",
            "",
            "\"{\"\"k\"\":\"\"v\"\"}\"",
            "",
            "",
            "",
            tricky.prevHash,
            tricky.hash);
    String second =
        String.join(
            ",",
            Long.toString(plain.seq),
            plain.id.toString(),
            plain.eventKey,
            plain.occurredAt.toString(),
            "operator",
            "",
            "csv.test",
            account,
            "",
            "",
            "plain",
            "",
            "",
            "",
            "",
            "",
            "",
            plain.prevHash,
            plain.hash);
    // limit sets no cap on an export: both rows come although limit=1.
    assertThat(csv).isEqualTo(header + "\r\n" + first + "\r\n" + second + "\r\n");
  }

  @Test
  void givenAcceptCsvAndACursor_whenExported_thenRowsAfterTheCursorOnly() {
    String account = "acct-csv-cursor-" + run;
    long s1 = append("csv.cursor", r -> r.accountId(account)).seq;
    long s2 = append("csv.cursor", r -> r.accountId(account)).seq;
    String csv =
        as("viewer")
            .accept("text/csv")
            .queryParam("accountId", account)
            .queryParam("cursor", AuditQueryParams.cursorAfter(s1))
            .get(PATH)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    String[] lines = csv.split("\r\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[1]).startsWith(s2 + ",");
  }

  @Test
  void givenAcceptCsvAndABadFilter_whenExported_then400ProblemJson() {
    as("viewer")
        .accept("text/csv")
        .queryParam("to", "soon")
        .get(PATH)
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"))
        .body("errors[0].field", equalTo("to"));
  }

  @Test
  void givenNoAcceptHeader_whenListed_thenJson() {
    as("viewer")
        .queryParam("accountId", "nobody-" + run)
        .get(PATH)
        .then()
        .statusCode(200)
        .contentType(startsWith("application/json"))
        .body("items", hasSize(0))
        .body("nextCursor", nullValue());
  }

  @Test
  void givenEachRole_whenListing_thenOnlyViewersAndAboveMayRead() {
    given().get(PATH).then().statusCode(401);
    as("feed").get(PATH).then().statusCode(403);
    as("feed").accept("text/csv").get(PATH).then().statusCode(403);
    as("viewer").get(PATH).then().statusCode(200);
    as("operator").get(PATH).then().statusCode(200);
    as("supervisor").get(PATH).then().statusCode(200);
  }
}
