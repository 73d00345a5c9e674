package org.margindesk.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margindesk.service.DeskQueries;
import org.margindesk.service.DeskQueries.DeskFilter;
import org.margindesk.service.DeskQueries.DeskPage;
import org.margindesk.service.DeskQueries.DeskRow;
import org.margindesk.service.LifecycleFixtures;

/**
 * A shock opens thousands of calls: the desk shows them a page at a time, filtered and ordered by
 * PostgreSQL, and says how many match.
 */
@QuarkusTest
class DeskPagingTest {
  private static final DeskFilter EVERY_OPEN_CALL = new DeskFilter(null, null, null);

  @Inject LifecycleFixtures lifecycle;
  @Inject DeskQueries desk;

  @Test
  void givenMoreOpenCallsThanAPage_whenPagedThrough_thenEachIsShownOnceLeastTimeLeftFirst() {
    for (int i = 0; i < 3; i++) {
      lifecycle.snapshot(lifecycle.facility(null), "12000").orElseThrow();
    }
    DeskPage first = desk.openCalls(EVERY_OPEN_CALL, 1, 2);
    assertThat(first.matching()).isGreaterThanOrEqualTo(3);

    List<DeskRow> all = new ArrayList<>();
    DeskPage page = first;
    while (true) {
      assertThat(page.rows()).hasSizeLessThanOrEqualTo(2);
      assertThat(page.matching()).isEqualTo(first.matching());
      all.addAll(page.rows());
      if (!page.hasNext()) {
        break;
      }
      page = desk.openCalls(EVERY_OPEN_CALL, page.page() + 1, 2);
    }
    assertThat(all).hasSize((int) first.matching());
    assertThat(all.stream().map(DeskRow::id).distinct()).hasSize(all.size());
    assertThat(all).isSortedAccordingTo((a, b) -> a.deadline().compareTo(b.deadline()));
    assertThat(desk.openCalls(EVERY_OPEN_CALL, page.page() + 1, 2).rows()).isEmpty();
  }

  @Test
  void givenAFilterWithLikeWildcards_whenTheDeskIsFiltered_thenTheyMatchLiterally() {
    String account = lifecycle.facility(null);
    lifecycle.snapshot(account, "12000").orElseThrow();

    DeskPage byAccount = desk.openCalls(new DeskFilter(account.toUpperCase(), null, null), 1, 10);
    assertThat(byAccount.rows()).extracting(DeskRow::accountId).containsExactly(account);
    assertThat(desk.openCalls(new DeskFilter("%", null, null), 1, 10).matching()).isZero();
    assertThat(desk.openCalls(new DeskFilter("_", null, null), 1, 10).matching()).isZero();
    assertThat(desk.openCalls(new DeskFilter(account, "LIQUIDATING", null), 1, 10).matching())
        .isZero();
    assertThat(desk.openCalls(new DeskFilter(account, "OPEN", "MARGIN_CALL"), 1, 10).matching())
        .isEqualTo(1);
  }

  @Test
  void givenTheDeskPage_whenAskedForAPageThatIsNoNumber_thenItSaysWhichPagesExist() {
    String cookie = ConsoleRoleMatrixTest.signIn("viewer");
    for (String bad : List.of("0", "-1", "abc", "1e3", "99999999999", "100001")) {
      given()
          .cookie("margin-desk-console", cookie)
          .queryParam("page", bad)
          .get("/console/desk/rows")
          .then()
          .statusCode(400)
          .body(containsString("page must be a whole number from 1 to 100000"));
    }
  }

  @Test
  void givenMoreMatchesThanAPage_whenTheDeskIsShown_thenItLinksToTheNextPageWithTheFilters() {
    String account = lifecycle.facility(null);
    lifecycle.snapshot(account, "12000").orElseThrow();
    String html =
        given()
            .cookie("margin-desk-console", ConsoleRoleMatrixTest.signIn("viewer"))
            .queryParam("q", account)
            .get("/console")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(html).contains("1–1 of 1 shown", "value=\"1\"").doesNotContain("id=\"desk-next\"");
    assertThat(DeskResource.pageNumber(" 7 ")).isEqualTo(7);
    assertThat(DeskResource.pageNumber(null)).isEqualTo(1);
    assertThat(DeskResource.href(new DeskFilter("a&b c", "OPEN", null), 2))
        .isEqualTo("/console?page=2&q=a%26b+c&status=OPEN");
  }
}
