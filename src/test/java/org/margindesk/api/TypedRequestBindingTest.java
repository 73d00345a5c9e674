package org.margindesk.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.margindesk.api.IngestTestSupport.counts;
import static org.margindesk.api.IngestTestSupport.freshAccount;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the typed request bodies do with what Jackson cannot bind: every such body is a 400
 * problem+json naming its field, never a 500, and nothing is written.
 */
@QuarkusTest
class TypedRequestBindingTest {
  @Inject AgroalDataSource dataSource;

  private ValidatableResponse put(String body) {
    return given()
        .auth()
        .preemptive()
        .basic("supervisor", "supervisor")
        .contentType(ContentType.JSON)
        .body(body)
        .put("/api/v1/accounts/" + freshAccount() + "/facility")
        .then();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"marginPlusAmount\":1e400,\"asset\":\"USDT\"}|marginPlusAmount",
        "{\"marginPlusAmount\":1e-400,\"asset\":\"USDT\"}|marginPlusAmount",
        "{\"marginPlusAmount\":\"NaN\",\"asset\":\"USDT\"}|marginPlusAmount",
        "{\"marginPlusAmount\":\"1e5\",\"asset\":\"USDT\"}|marginPlusAmount",
        "{\"marginPlusAmount\":true,\"asset\":\"USDT\"}|marginPlusAmount",
        "{\"marginPlusAmount\":\"1\",\"asset\":7}|asset",
        "{\"marginPlusAmount\":\"1\",\"asset\":[\"USDT\"]}|asset",
        "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\",\"policy\":5}|policy",
        "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\",\"policy\":{\"maxExtension\":3}}"
            + "|policy.maxExtension",
        "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\",\"policy\":{\"typo\":1}}|policy.typo",
        "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\",\"asset\":\"BTC\"}|body",
        "{\"marginPlusAmount\":\"1\",\"asset\":\"\\u2003\"}|asset",
        "[]|body",
      })
  void givenABodyThatDoesNotBind_whenPut_then400NamingTheFieldAndNothingStored(
      String body, String field) {
    IngestTestSupport.Counts before = counts(dataSource);

    put(body)
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem(field));

    assertThat(counts(dataSource)).isEqualTo(before);
  }

  @Test
  void givenSeveralBadFields_whenPut_thenOneAnswerNamesEachOfThem() {
    put("{\"marginPlusAmount\":\"x\",\"asset\":7,\"extra\":1,\"policy\":{\"mmrMarginCall\":[]}}")
        .statusCode(400)
        .body(
            "errors.field",
            containsInAnyOrder("marginPlusAmount", "asset", "extra", "policy.mmrMarginCall"));
  }

  @Test
  void givenADecimalAsANumberOrAsAString_whenPut_thenBothKeepEveryDigit() {
    put("{\"marginPlusAmount\":12000.12345678,\"asset\":\"usdt\"}")
        .statusCode(201)
        .body("marginPlusAmount", equalTo("12000.12345678"))
        .body("asset", equalTo("USDT"));
    put("{\"marginPlusAmount\":\"12000.50\",\"asset\":\"USDT\"}")
        .statusCode(201)
        .body("marginPlusAmount", equalTo("12000.5"));
  }
}
