package org.margindesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.margindesk.domain.LiquidationStep;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Every console page, as a supervisor sees it with a call in liquidation and one in its remedy
 * window, checked by axe-core in the browser against WCAG 2.1 A and AA: contrast, names and labels,
 * landmarks, ARIA. What a tool cannot judge (keyboard order, wording) docs/console.md lists.
 */
@QuarkusTest
class ConsoleAccessibilityTest extends BrowserTest {

  @Test
  void givenEveryConsolePage_whenCheckedByAxe_thenNoneHasAWcagAOrAAViolation() {
    String account = lifecycle.facility(null);
    String openCall = lifecycle.snapshot(account, "12000").orElseThrow();
    String liquidating = tasks.liquidatingCall();
    String task = tasks.awaitTask(liquidating, LiquidationStep.CLOSE_ALL_POSITIONS);

    Map<String, String> pages = new LinkedHashMap<>();
    pages.put("/console", "desk-table");
    pages.put("/console/calls/" + openCall, "call-status");
    pages.put("/console/calls/" + liquidating, "call-status");
    pages.put("/console/tasks", "main");
    pages.put("/console/tasks/" + task, "task-status");
    pages.put("/console/accounts/" + account, "main");
    pages.put("/console/audit", "main");
    pages.put("/console/notifications", "main");

    List<String> violations = new ArrayList<>();
    browser.signIn("supervisor");
    pages.forEach(
        (path, landmark) -> {
          browser.open(path);
          browser.find(By.id(landmark));
          browser.accessibilityViolations().forEach(v -> violations.add(path + ": " + v));
        });
    browser.driver().manage().deleteAllCookies();
    browser.open("/console/login");
    browser.find(By.id("sign-in"));
    browser.accessibilityViolations().forEach(v -> violations.add("/console/login: " + v));

    assertThat(violations).as(String.join("\n", violations)).isEmpty();

    // The check itself works: an input without a label, added to the page, is found.
    browser.script("document.body.insertAdjacentHTML('beforeend', '<input id=\"unlabelled\">')");
    assertThat(browser.accessibilityViolations())
        .anyMatch(violation -> violation.startsWith("label (critical)"));
  }

  @Test
  void givenOnlyAKeyboard_whenSigningInAndGoingToTheTaskInbox_thenEveryStepIsReachableAndVisible() {
    browser.driver().manage().deleteAllCookies();
    browser.open("/console/login");
    browser.find(By.id("sign-in"));
    tabTo(By.id("j_username"));
    keys("operator", Keys.TAB, "operator", Keys.ENTER);
    browser.until(ExpectedConditions.textToBe(By.id("whoami"), "operator"));

    // The first stop is the skip link, and it moves the focus to the page's content.
    keys(Keys.TAB);
    assertThat(active().getText()).isEqualTo("Skip to content");
    assertFocusVisible();
    keys(Keys.ENTER);
    assertThat(active().getAttribute("id")).isEqualTo("main");

    browser.open("/console");
    browser.find(By.id("desk-table"));
    tabTo(By.linkText("Tasks"));
    assertFocusVisible();
    keys(Keys.ENTER);
    browser.until(ExpectedConditions.urlContains("/console/tasks"));
  }

  /** Presses Tab until {@code target} has the focus; fails if 40 presses do not get there. */
  private void tabTo(By target) {
    WebElement wanted = browser.find(target);
    for (int i = 0; i < 40 && !wanted.equals(active()); i++) {
      keys(Keys.TAB);
    }
    assertThat(active()).as("focus reached " + target + " with Tab alone").isEqualTo(wanted);
  }

  private void assertFocusVisible() {
    Object outline =
        browser.script(
            "const s = getComputedStyle(document.activeElement);"
                + " return s.outlineStyle + ' ' + s.outlineWidth;");
    assertThat(String.valueOf(outline)).isEqualTo("solid 3px");
  }

  private WebElement active() {
    return browser.driver().switchTo().activeElement();
  }

  private void keys(CharSequence... keys) {
    new Actions(browser.driver()).sendKeys(keys).perform();
  }
}
