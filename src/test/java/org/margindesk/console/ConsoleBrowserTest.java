package org.margindesk.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.margindesk.domain.LiquidationStep;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console in a real browser: what the desk's people see and do, each step through the page as
 * they would click it, against real margin-call workflows on the embedded Temporal server. Every
 * page visited leaves a screenshot under target/console-screenshots (docs/console.md shows them).
 */
@QuarkusTest
class ConsoleBrowserTest extends BrowserTest {

  @Test
  void givenTheDeskOpen_whenAnAccountBreaches_thenItsCallAppearsWithoutAReload() {
    browser.signIn("operator");
    // Filtered to the account: other tests' open calls may fill the desk's first page.
    String account = lifecycle.facility(null);
    browser.open("/console?q=" + account);
    browser.find(By.id("desk-table"));

    feed(account, 30, "13400", "12.5");
    feed(account, 20, "12900", "11");
    String callId = feed(account, 10, "12000", "9");

    By row = By.cssSelector("tr[data-call='" + callId + "']");
    browser.find(row);
    assertThat(browser.driver().findElement(row).getText())
        .contains(account, "OPEN", "MARGIN_CALL", "12000", "12500", "11000", "9");
    // The countdown is the page's own script at work: hours, minutes and seconds left.
    browser.until(
        d -> d.findElement(row).findElement(By.cssSelector(".countdown")).getText().contains("h "));
    browser.screenshot("desk");

    browser.driver().findElement(row).findElement(By.linkText(account)).click();
    browser.find(By.id("call-status"));
    assertThat(browser.driver().findElement(By.id("call-status")).getText()).isEqualTo("OPEN");
    browser.screenshot("call");

    browser.open("/console/accounts/" + account);
    browser.find(By.cssSelector("#risk-chart canvas"));
    assertThat(browser.driver().findElement(By.id("latest-cab")).getText()).isEqualTo("12000");
    browser.find(By.id("wi-cab")).sendKeys("10900");
    browser.driver().findElement(By.id("what-if")).click();
    browser.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("what-if-result"), "LIQUIDATION"));
    browser.screenshot("account");
  }

  /**
   * A snapshot through the feed API, as the exchange's risk feed sends it, {@code secondsAgo} in
   * the past; answers the call it opened, or null.
   */
  private static String feed(String account, int secondsAgo, String cab, String mmr) {
    return given()
        .auth()
        .preemptive()
        .basic("feed", "feed")
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "eventId", account + "-" + secondsAgo,
                "accountId", account,
                "asOf", Instant.now().minusSeconds(secondsAgo).toString(),
                "collateralBalance", cab,
                "maintenanceMarginRatio", mmr))
        .post("/api/v1/risk-snapshots")
        .then()
        .statusCode(202)
        .extract()
        .path("marginCallId");
  }

  @Test
  void givenALiquidation_whenOperatorsWorkItThroughThePages_thenTheCallIsLiquidated() {
    String callId = tasks.liquidatingCall();
    String close = tasks.awaitTask(callId, LiquidationStep.CLOSE_ALL_POSITIONS);

    browser.signIn("operator");
    browser.open("/console/tasks?view=UNASSIGNED");
    By closeRow = By.cssSelector("tr[data-task='" + close + "']");
    browser.find(closeRow).findElement(By.cssSelector("button.claim")).click();
    browser.until(ExpectedConditions.textToBe(By.id("task-status"), "CLAIMED"));
    browser.find(By.cssSelector(".notice"));
    browser.open("/console/tasks?view=MINE");
    browser.find(closeRow);
    browser.screenshot("tasks");

    browser.open("/console/tasks/" + close);
    browser.find(By.id("closingOrderIds")).sendKeys("ord-1, ord-2");
    browser.driver().findElement(By.id("note")).sendKeys("closed at market");
    browser.driver().findElement(By.id("complete")).click();
    browser.until(ExpectedConditions.textToBe(By.id("task-status"), "DONE"));
    assertThat(tasks.text("SELECT evidence::text FROM operator_task WHERE id = ?", close))
        .contains("ord-1", "ord-2");

    String reclaim = tasks.awaitTask(callId, LiquidationStep.RECLAIM_MARGIN_PLUS_FUNDS);
    browser.signIn("supervisor");
    browser.open("/console/tasks/" + reclaim);
    browser.find(By.id("claim")).click();
    browser.until(ExpectedConditions.textToBe(By.id("task-status"), "CLAIMED"));
    browser.find(By.id("transferReference")).sendKeys("TR-2001");
    browser.driver().findElement(By.id("complete")).click();
    browser.until(ExpectedConditions.textToBe(By.id("task-status"), "AWAITING_APPROVAL"));

    // Four-eyes in the page: the completer's approve button is disabled, and a forced click is
    // refused by the server with its reason shown.
    assertThat(browser.driver().findElement(By.id("approve")).isEnabled()).isFalse();
    browser.find(By.id("self-note"));
    browser.script("document.getElementById('approve').disabled = false;");
    browser.driver().findElement(By.id("approve")).click();
    browser.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("task-result"), "Refused (403"));
    assertThat(browser.driver().findElement(By.id("task-result")).getText())
        .contains("different supervisor");
    browser.screenshot("self-approval-refused");
    assertThat(tasks.audits(reclaim, "TASK_APPROVAL_REJECTED_FOUR_EYES")).isEqualTo(1);

    browser.signIn("supervisor2");
    browser.open("/console/tasks?view=AWAITING_APPROVAL");
    browser
        .find(By.cssSelector("tr[data-task='" + reclaim + "']"))
        .findElement(By.linkText("Open"))
        .click();
    browser.find(By.id("approve")).click();
    browser.until(ExpectedConditions.textToBe(By.id("task-status"), "DONE"));

    browser.reloadUntil(
        "/console/calls/" + callId,
        d -> "LIQUIDATED".equals(d.findElement(By.id("call-status")).getText()) ? true : null);
    assertThat(lifecycle.callStatus(callId)).isEqualTo("LIQUIDATED");
    browser.screenshot("call-liquidated");
  }

  @Test
  void givenAViewer_whenLookingAtAnOpenCall_thenThereIsNoActionButton() {
    String account = lifecycle.facility(null);
    String callId = lifecycle.snapshot(account, "12000").orElseThrow();

    browser.signIn("viewer");
    browser.open("/console/calls/" + callId);
    browser.find(By.id("call-status"));
    assertThat(browser.driver().findElements(By.cssSelector("main form[method='post']")))
        .as("no action form on the call page")
        .isEmpty();
    assertThat(browser.driver().findElements(By.cssSelector("main button"))).isEmpty();
    assertThat(browser.driver().findElements(By.linkText("Tasks"))).isEmpty();

    browser.open("/console/audit?marginCallId=" + callId);
    browser.find(By.id("audit-table"));
    assertThat(browser.driver().findElements(By.id("verify-chain"))).isEmpty();
    browser.open("/console/notifications");
    browser.find(By.id("notification-table"));
  }

  @Test
  void givenAFormWithoutItsCsrfToken_whenPosted_thenItIsRefusedAndNothingChanges() {
    String callId = openCallSeenBySupervisor();
    browser.find(By.id("extend-reason")).sendKeys("holder wired funds");
    // What a forged form would lack: the token field, and the header htmx adds from the page.
    browser.script(
        "document.querySelectorAll('input[name=_csrf]').forEach(e => e.remove());"
            + "delete document.body.dataset.csrf;");
    browser.driver().findElement(By.id("extend")).click();
    browser.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), "anti-forgery"));
    assertThat(
            lifecycle.count(
                "SELECT count(*) FROM margin_call_extension WHERE margin_call_id = ?", callId))
        .isZero();

    // The same form with its token goes through.
    browser.open("/console/calls/" + callId);
    browser.find(By.id("extend-reason")).sendKeys("holder wired funds");
    browser.driver().findElement(By.id("extend")).click();
    browser.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".notice"), "Deadline extended"));

    browser.open("/console/audit?marginCallId=" + callId);
    browser.find(By.id("verify-chain")).click();
    browser.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("chain-result"), "chain"));
    browser.screenshot("audit");
    browser.open("/console/notifications");
    browser.find(By.id("notification-table"));
    browser.screenshot("notifications");
  }

  @Test
  void
      givenAWaiverRequested_whenTheRequesterAndAnotherSupervisorOpenTheCall_thenOnlyTheOtherApproves() {
    String callId = openCallSeenBySupervisor();
    browser.find(By.id("waiver-reason")).sendKeys("holder is a market maker under agreement");
    browser.driver().findElement(By.id("request-waiver")).click();
    browser.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".notice"), "Waiver requested"));
    // Four-eyes in the page: the requester is named and their approve button is off.
    browser.find(By.id("waiver-requester"));
    assertThat(browser.driver().findElement(By.id("approve-waiver")).isEnabled()).isFalse();
    assertThat(browser.driver().findElement(By.id("four-eyes-note")).getText())
        .contains("a different supervisor must approve it");
    browser.screenshot("call-waiver-pending");

    browser.signIn("supervisor2");
    browser.open("/console/calls/" + callId);
    browser.find(By.id("approve-waiver")).click();
    browser.reloadUntil(
        "/console/calls/" + callId,
        d -> "WAIVED".equals(d.findElement(By.id("call-status")).getText()) ? true : null);
    assertThat(lifecycle.callStatus(callId)).isEqualTo("WAIVED");
  }

  /**
   * A call in its remedy window with its workflow running, open in the page as {@code supervisor}.
   */
  private String openCallSeenBySupervisor() {
    String callId = lifecycle.snapshot(lifecycle.facility(null), "12000").orElseThrow();
    lifecycle.awaitStarted(callId);
    browser.signIn("supervisor");
    browser.open("/console/calls/" + callId);
    return callId;
  }
}
