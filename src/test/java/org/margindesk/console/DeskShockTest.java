package org.margindesk.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.margindesk.service.LifecycleFixtures;

/**
 * During a shock the desk says so: a banner and the count of calls opened in the last minute, from
 * {@code margin-desk.console.shock-threshold} (3 in tests) on.
 */
@QuarkusTest
class DeskShockTest {
  @Inject LifecycleFixtures lifecycle;

  @Test
  void givenCallsOpeningFast_whenTheDeskRefreshes_thenItShowsTheShockBannerAndCounters() {
    for (int i = 0; i < 3; i++) {
      lifecycle.snapshot(lifecycle.facility(null), "12000").orElseThrow();
    }
    String cookie = ConsoleRoleMatrixTest.signIn("viewer");
    String rows =
        given()
            .cookie("margin-desk-console", cookie)
            .get("/console/desk/rows")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(rows).contains("id=\"shock-banner\"", "Market shock");
    String lastMinute =
        rows.replaceAll("(?s).*<strong id=\"opened-last-minute\">(\\d+)</strong>.*", "$1");
    assertThat(Integer.parseInt(lastMinute)).isGreaterThanOrEqualTo(3);
  }
}
