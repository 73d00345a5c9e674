package org.margindesk.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.margindesk.api.IngestTestSupport.countWhere;
import static org.margindesk.api.IngestTestSupport.counts;
import static org.margindesk.api.IngestTestSupport.freshAccount;
import static org.margindesk.api.IngestTestSupport.post;
import static org.margindesk.api.IngestTestSupport.registerFacility;
import static org.margindesk.api.IngestTestSupport.snapshot;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.margindesk.domain.Assessment;
import org.margindesk.service.AssessmentChange;
import org.margindesk.service.RecordingMarginCallLifecycle;

@QuarkusTest
class RiskSnapshotResourceTest {
  private static final String PATH = "/api/v1/risk-snapshots";

  @Inject AgroalDataSource dataSource;

  private String account() {
    String account = freshAccount();
    registerFacility(account, account, "10000", "USDT");
    return account;
  }

  @Test
  void givenAHealthySnapshot_whenIngested_then202HealthyAndTheLatestRiskIsShown() {
    String account = account();

    post("feed", PATH, snapshot(account + "-1", account, "2026-11-22T10:00:00Z", "12500", "12.5"))
        .statusCode(202)
        .body("assessment", equalTo("HEALTHY"))
        .body("reasons", hasSize(0))
        .body("marginCallId", nullValue())
        .body("duplicate", equalTo(false))
        .body("stale", equalTo(false));

    given()
        .auth()
        .preemptive()
        .basic("viewer", "viewer")
        .get("/api/v1/accounts/" + account)
        .then()
        .statusCode(200)
        .body("latestRisk.collateralBalance", equalTo("12500"))
        .body("latestRisk.maintenanceMarginRatio", equalTo("12.5"))
        .body("latestRisk.asOf", equalTo("2026-11-22T10:00:00Z"))
        .body("latestRisk.assessment", equalTo("HEALTHY"))
        .body("openMarginCallId", nullValue());
    assertThat(RecordingMarginCallLifecycle.changesFor(account)).isEmpty();
  }

  @Test
  void givenANewerCab_whenAnOlderMmrAndThenAnOlderCabArrive_thenStalenessIsJudgedPerFigure() {
    String account = account();
    post("feed", PATH, snapshot(account + "-cab", account, "2026-11-22T10:05:00Z", "13000", null))
        .statusCode(202)
        .body("assessment", equalTo("HEALTHY"));

    // Binance's MARGIN_CALL (MMR) can arrive after a newer ACCOUNT_UPDATE (CAB): it still counts.
    post("feed", PATH, snapshot(account + "-mmr", account, "2026-11-22T10:00:00Z", null, "4"))
        .statusCode(202)
        .body("stale", equalTo(false))
        .body("assessment", equalTo("LIQUIDATION"));
    // An older CAB is stale for the CAB, and must not replace the newer one.
    post("feed", PATH, snapshot(account + "-old", account, "2026-11-22T09:55:00Z", "9000", null))
        .statusCode(202)
        .body("stale", equalTo(true));

    given()
        .auth()
        .preemptive()
        .basic("viewer", "viewer")
        .get("/api/v1/accounts/" + account)
        .then()
        .statusCode(200)
        .body("latestRisk.collateralBalance", equalTo("13000"))
        .body("latestRisk.maintenanceMarginRatio", equalTo("4"))
        .body("latestRisk.asOf", equalTo("2026-11-22T10:05:00Z"));
  }

  @Test
  void givenABreach_whenIngested_thenTheLifecycleHearsOnceAndRepeatsDoNotCallIt() {
    String account = account();

    post("feed", PATH, snapshot(account + "-1", account, "2026-11-22T10:00:00Z", "12000.00", null))
        .statusCode(202)
        .body("assessment", equalTo("MARGIN_CALL"))
        .body("reasons[0].rule", equalTo("CAB_BELOW_MIN_TOP_UP"))
        .body("reasons[0].threshold", equalTo("12500"))
        .body("reasons[0].value", equalTo("12000"))
        .body("marginCallId", equalTo("margin-call-" + account + "-1"));
    // The same assessment again: no second lifecycle call, the open call is reported.
    post("feed", PATH, snapshot(account + "-2", account, "2026-11-22T10:01:00Z", "11500", null))
        .statusCode(202)
        .body("assessment", equalTo("MARGIN_CALL"))
        .body("marginCallId", equalTo("margin-call-" + account + "-1"));

    List<AssessmentChange> changes = RecordingMarginCallLifecycle.changesFor(account);
    assertThat(changes).hasSize(1);
    AssessmentChange change = changes.get(0);
    assertThat(change.previous()).isEqualTo(Assessment.HEALTHY);
    assertThat(change.current()).isEqualTo(Assessment.MARGIN_CALL);
    assertThat(change.collateralBalance()).isEqualByComparingTo("12000");
    assertThat(change.snapshotId()).isNotBlank();
    assertThat(
            countWhere(
                dataSource,
                "SELECT count(*) FROM audit_record WHERE account_id = ? AND action ="
                    + " 'ASSESSMENT_CHANGED' AND actor = 'feed' AND margin_call_id IS NOT NULL"
                    + " AND event_key = 'snapshot:' || (details->>'snapshotId') || ':assessment'",
                account))
        .isEqualTo(1);
    given()
        .auth()
        .preemptive()
        .basic("viewer", "viewer")
        .get("/api/v1/accounts/" + account)
        .then()
        .body("openMarginCallId", equalTo("margin-call-" + account + "-1"));
  }

  @Test
  void givenAnOpenCall_whenTheAccountEscalatesAndRecovers_thenEachChangeReachesTheLifecycle() {
    String account = account();
    post("feed", PATH, snapshot(account + "-1", account, "2026-11-22T10:00:00Z", "12000", "12"))
        .statusCode(202)
        .body("assessment", equalTo("MARGIN_CALL"));
    // MMR alone is updated; CAB 12000 is kept and still breaches.
    post("feed", PATH, snapshot(account + "-2", account, "2026-11-22T10:01:00Z", null, "4.99"))
        .statusCode(202)
        .body("assessment", equalTo("LIQUIDATION"))
        .body("reasons.rule", hasItem("MMR_BELOW_LIQUIDATION"))
        .body("reasons.rule", hasItem("CAB_BELOW_MIN_TOP_UP"));
    post("feed", PATH, snapshot(account + "-3", account, "2026-11-22T10:02:00Z", null, "6"))
        .statusCode(202)
        .body("assessment", equalTo("MARGIN_CALL"));
    post("feed", PATH, snapshot(account + "-4", account, "2026-11-22T10:03:00Z", "12500", "10"))
        .statusCode(202)
        .body("assessment", equalTo("HEALTHY"))
        // The hard breach escalated the call; a recovery during liquidation does not close it.
        .body("marginCallId", equalTo("margin-call-" + account + "-1"));

    assertThat(RecordingMarginCallLifecycle.changesFor(account))
        .extracting(AssessmentChange::previous, AssessmentChange::current)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Assessment.HEALTHY, Assessment.MARGIN_CALL),
            org.assertj.core.groups.Tuple.tuple(Assessment.MARGIN_CALL, Assessment.LIQUIDATION),
            org.assertj.core.groups.Tuple.tuple(Assessment.LIQUIDATION, Assessment.MARGIN_CALL),
            org.assertj.core.groups.Tuple.tuple(Assessment.MARGIN_CALL, Assessment.HEALTHY));
    assertThat(RecordingMarginCallLifecycle.changesFor(account).get(1).collateralBalance())
        .isEqualByComparingTo("12000");
  }

  @Test
  void givenARepeatedEventId_whenIngested_thenDuplicateAndNoSecondEffect() {
    String account = account();
    String body = snapshot(account + "-1", account, "2026-11-22T10:00:00Z", "10000", null);
    post("feed", PATH, body).statusCode(202).body("assessment", equalTo("LIQUIDATION"));
    IngestTestSupport.Counts before = counts(dataSource);

    post("feed", PATH, body)
        .statusCode(202)
        .body("duplicate", equalTo(true))
        .body("assessment", equalTo("LIQUIDATION"))
        .body("marginCallId", equalTo("margin-call-" + account + "-1"));

    assertThat(counts(dataSource)).isEqualTo(before);
    assertThat(RecordingMarginCallLifecycle.changesFor(account)).hasSize(1);
  }

  @Test
  void givenAnOlderSnapshot_whenIngested_thenRecordedAsStaleAndNothingChanges() {
    String account = account();
    post("feed", PATH, snapshot(account + "-new", account, "2026-11-22T10:00:00Z", "20000", null))
        .statusCode(202);

    post("feed", PATH, snapshot(account + "-old", account, "2026-11-22T09:00:00Z", "100", null))
        .statusCode(202)
        .body("stale", equalTo(true))
        .body("duplicate", equalTo(false))
        .body("assessment", equalTo("HEALTHY"));

    given()
        .auth()
        .preemptive()
        .basic("viewer", "viewer")
        .get("/api/v1/accounts/" + account)
        .then()
        .body("latestRisk.collateralBalance", equalTo("20000"))
        .body("latestRisk.asOf", equalTo("2026-11-22T10:00:00Z"));
    assertThat(
            countWhere(
                dataSource,
                "SELECT count(*) FROM risk_snapshot WHERE account_id = ? AND stale",
                account))
        .isEqualTo(1);
    assertThat(RecordingMarginCallLifecycle.changesFor(account)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "negative amount | {\"eventId\":\"n1\",\"accountId\":\"ACCOUNT\",\"asOf\":\"2026-11-22T10:00:00Z\",\"collateralBalance\":\"-1\"} | collateralBalance",
        "non-numeric amount | {\"eventId\":\"n2\",\"accountId\":\"ACCOUNT\",\"asOf\":\"2026-11-22T10:00:00Z\",\"maintenanceMarginRatio\":\"lots\"} | maintenanceMarginRatio",
        "missing accountId | {\"eventId\":\"n3\",\"asOf\":\"2026-11-22T10:00:00Z\",\"collateralBalance\":\"1\"} | accountId",
        "bad timestamp | {\"eventId\":\"n4\",\"accountId\":\"ACCOUNT\",\"asOf\":\"yesterday\",\"collateralBalance\":\"1\"} | asOf",
        "over-long eventId | {\"eventId\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"accountId\":\"ACCOUNT\",\"asOf\":\"2026-11-22T10:00:00Z\",\"collateralBalance\":\"1\"} | eventId",
        "no risk field | {\"eventId\":\"n6\",\"accountId\":\"ACCOUNT\",\"asOf\":\"2026-11-22T10:00:00Z\"} | collateralBalance",
        "not an object | [1,2] | body",
        "malformed JSON | {\"eventId\":\"n8\" | body",
      })
  void givenBadInput_whenIngested_then400WithFieldErrorsAndNothingStored(
      String name, String body, String field) {
    String account = account();
    IngestTestSupport.Counts before = counts(dataSource);

    post("feed", PATH, body.replace("ACCOUNT", account))
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("errors.field", hasItem(field));

    assertThat(counts(dataSource)).isEqualTo(before);
  }

  @Test
  void givenAnUnknownAccountEmptyBodyOrWrongContentType_whenIngested_then4xxAndNothingStored() {
    IngestTestSupport.Counts before = counts(dataSource);

    post("feed", PATH, snapshot("u1", "no-such-account", "2026-11-22T10:00:00Z", "1", null))
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("no-such-account"));
    post("feed", PATH, "").statusCode(400).contentType("application/problem+json");
    given()
        .auth()
        .preemptive()
        .basic("feed", "feed")
        .contentType(ContentType.TEXT)
        .body(snapshot("u2", "x", "2026-11-22T10:00:00Z", "1", null))
        .post(PATH)
        .then()
        .statusCode(415)
        .contentType("application/problem+json");
    post("viewer", PATH, snapshot("u3", "x", "2026-11-22T10:00:00Z", "1", null)).statusCode(403);

    assertThat(counts(dataSource)).isEqualTo(before);
  }

  @Test
  void givenAnEventIdUsedForAnotherAccount_whenIngested_then409() {
    String first = account();
    String second = account();
    post("feed", PATH, snapshot(first + "-shared", first, "2026-11-22T10:00:00Z", "20000", null))
        .statusCode(202);

    post("feed", PATH, snapshot(first + "-shared", second, "2026-11-22T10:00:00Z", "20000", null))
        .statusCode(409)
        .contentType("application/problem+json");
  }

  @Test
  void givenABatch_whenOneItemIsBad_thenTheOthersAreAppliedAndResultsKeepRequestOrder() {
    String account = account();
    IngestTestSupport.Counts before = counts(dataSource);
    String body =
        "{\"items\":["
            + snapshot(account + "-b1", account, "2026-11-22T10:00:00Z", "20000", null)
            + ","
            + "{\"eventId\":\"bad\",\"accountId\":\""
            + account
            + "\",\"asOf\":\"2026-11-22T10:01:00Z\",\"collateralBalance\":\"-3\"},"
            + snapshot(account + "-b3", "no-such-account", "2026-11-22T10:02:00Z", "1", null)
            + ","
            + snapshot(account + "-b4", account, "2026-11-22T10:03:00Z", "12000", null)
            + ","
            + snapshot(account + "-b1", account, "2026-11-22T10:00:00Z", "20000", null)
            + "]}";

    post("feed", PATH + "/batch", body)
        .statusCode(200)
        .body("accepted", equalTo(3))
        .body("failed", equalTo(2))
        .body("items.index", org.hamcrest.Matchers.contains(0, 1, 2, 3, 4))
        .body("items.status", org.hamcrest.Matchers.contains(202, 400, 404, 202, 202))
        .body("items[0].result.assessment", equalTo("HEALTHY"))
        .body("items[1].problem.errors[0].field", equalTo("collateralBalance"))
        .body("items[1].eventId", equalTo("bad"))
        .body("items[3].result.assessment", equalTo("MARGIN_CALL"))
        .body("items[3].result.marginCallId", equalTo("margin-call-" + account + "-1"))
        .body("items[4].result.duplicate", equalTo(true));

    IngestTestSupport.Counts after = counts(dataSource);
    assertThat(after.snapshots()).isEqualTo(before.snapshots() + 2);
    assertThat(RecordingMarginCallLifecycle.changesFor(account)).hasSize(1);
  }

  @Test
  void givenAnOversizedOrEmptyBatch_whenPosted_then400AndNothingStored() {
    String account = account();
    IngestTestSupport.Counts before = counts(dataSource);
    StringBuilder items = new StringBuilder("[");
    for (int i = 0; i <= 1000; i++) {
      items
          .append(i == 0 ? "" : ",")
          .append(snapshot(account + "-" + i, account, "2026-11-22T10:00:00Z", "20000", null));
    }
    items.append(']');

    post("feed", PATH + "/batch", items.toString())
        .statusCode(400)
        .body("errors[0].field", equalTo("items"));
    post("feed", PATH + "/batch", "{\"items\":[]}").statusCode(400);
    post("feed", PATH + "/batch", "{\"items\":5}").statusCode(400);

    assertThat(counts(dataSource)).isEqualTo(before);
  }

  @Test
  void givenAWhatIf_whenAsked_thenItDescribesTheEffectAndTouchesNothing() {
    String account = account();
    IngestTestSupport.Counts before = counts(dataSource);

    post(
            "viewer",
            PATH + "/what-if",
            "{\"accountId\":\"" + account + "\",\"collateralBalance\":\"12000\"}")
        .statusCode(200)
        .body("assessment", equalTo("MARGIN_CALL"))
        .body("reasons[0].rule", equalTo("CAB_BELOW_MIN_TOP_UP"))
        .body("marginCallId", nullValue())
        .body("assessmentWouldChange", equalTo(true))
        .body("effect", equalTo("would open a margin call"));
    assertThat(counts(dataSource)).isEqualTo(before);
    assertThat(RecordingMarginCallLifecycle.changesFor(account)).isEmpty();

    post("feed", PATH, snapshot(account + "-1", account, "2026-11-22T10:00:00Z", "12000", null))
        .statusCode(202);
    IngestTestSupport.Counts afterBreach = counts(dataSource);
    String call = "margin-call-" + account + "-1";

    post(
            "viewer",
            PATH + "/what-if",
            "{\"accountId\":\"" + account + "\",\"collateralBalance\":13000}")
        .statusCode(200)
        .body("assessment", equalTo("HEALTHY"))
        .body("marginCallId", equalTo(call))
        .body("effect", equalTo("would cure call " + call));
    post(
            "viewer",
            PATH + "/what-if",
            "{\"accountId\":\"" + account + "\",\"maintenanceMarginRatio\":\"4\"}")
        .statusCode(200)
        .body("assessment", equalTo("LIQUIDATION"))
        .body("effect", equalTo("would escalate call " + call + " to liquidation"));
    post(
            "viewer",
            PATH + "/what-if",
            "{\"accountId\":\"" + account + "\",\"collateralBalance\":11500}")
        .statusCode(200)
        .body("effect", equalTo("no change; call " + call + " stays open"));
    post(
            "viewer",
            PATH + "/what-if",
            snapshot(account + "-1", account, "2026-11-22T10:00:00Z", "99999", null))
        .statusCode(200)
        .body("duplicate", equalTo(true));
    post(
            "viewer",
            PATH + "/what-if",
            snapshot(account + "-0", account, "2026-11-22T09:00:00Z", "99999", null))
        .statusCode(200)
        .body("stale", equalTo(true))
        .body("effect", notNullValue());

    assertThat(counts(dataSource)).isEqualTo(afterBreach);
    assertThat(RecordingMarginCallLifecycle.changesFor(account)).hasSize(1);
    post("feed", PATH + "/what-if", "{\"accountId\":\"" + account + "\",\"collateralBalance\":1}")
        .statusCode(403);
    post("viewer", PATH + "/what-if", "{\"accountId\":\"nobody\",\"collateralBalance\":1}")
        .statusCode(404);
  }
}
