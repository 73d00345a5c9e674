package org.margindesk.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.margindesk.api.IngestTestSupport.countWhere;
import static org.margindesk.api.IngestTestSupport.counts;
import static org.margindesk.api.IngestTestSupport.freshAccount;
import static org.margindesk.api.IngestTestSupport.stringWhere;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class AccountResourceTest {
  @Inject AgroalDataSource dataSource;

  private static RequestSpecification as(String user) {
    return given().auth().preemptive().basic(user, user);
  }

  @Test
  void givenANewAccount_whenASupervisorPutsAFacility_thenItIsCreatedWithTheDefaultPolicy() {
    String account = freshAccount();

    as("supervisor")
        .contentType(ContentType.JSON)
        .body(
            "{\"marginPlusAmount\":\"10000.00\",\"asset\":\"USDT\","
                + "\"contactEmail\":\"desk@example.com\"}")
        .put("/api/v1/accounts/" + account + "/facility")
        .then()
        .statusCode(201)
        .body("accountId", equalTo(account))
        .body("marginPlusAmount", equalTo("10000"))
        .body("asset", equalTo("USDT"))
        .body("exchangeAlias", equalTo(account))
        .body("contactEmail", equalTo("desk@example.com"))
        .body("status", equalTo("ACTIVE"))
        .body("policy.minTopUpRatio", equalTo("1.25"))
        .body("policy.terminationRatio", equalTo("1.1"))
        .body("policy.mmrMarginCall", equalTo("10"))
        .body("policy.mmrLiquidation", equalTo("5"))
        .body("policy.remediationWindow", equalTo("PT12H"))
        .body("policy.maxExtension", equalTo("PT12H"))
        .body("policy.minTopUpBalance", equalTo("12500"))
        .body("policy.terminationAmount", equalTo("11000"));

    as("viewer")
        .get("/api/v1/accounts/" + account)
        .then()
        .statusCode(200)
        .body("accountId", equalTo(account))
        .body("facility.marginPlusAmount", equalTo("10000"))
        .body("facility.status", equalTo("ACTIVE"))
        .body("facility.policy.minTopUpBalance", equalTo("12500"))
        .body("latestRisk", nullValue())
        .body("restrictions.reduceOnly", equalTo(false))
        .body("restrictions.withdrawalsEnabled", equalTo(true))
        .body("restrictions.tradingEnabled", equalTo(true))
        .body("openMarginCallId", nullValue());

    assertThat(
            countWhere(
                dataSource,
                "SELECT count(*) FROM audit_record WHERE account_id = ? AND action ="
                    + " 'FACILITY_REGISTERED' AND actor = 'supervisor' AND actor_roles LIKE"
                    + " '%supervisor%' AND before_state IS NULL",
                account))
        .isEqualTo(1);
  }

  @Test
  void givenAFacility_whenPutAgainWithOverrides_thenUpdatedAndAuditedWithBeforeAndAfter() {
    String account = freshAccount();
    IngestTestSupport.registerFacility(account, account + "-x", "10000", "USDT");

    as("supervisor")
        .contentType(ContentType.JSON)
        .body(
            "{\"marginPlusAmount\":20000,\"asset\":\"usdt\",\"exchangeAlias\":\""
                + account
                + "-x\",\"policy\":{\"minTopUpRatio\":\"1.5\",\"mmrMarginCall\":12,"
                + "\"remediationWindow\":\"PT6H\"}}")
        .put("/api/v1/accounts/" + account + "/facility")
        .then()
        .statusCode(200)
        .body("asset", equalTo("USDT"))
        .body("policy.minTopUpRatio", equalTo("1.5"))
        .body("policy.terminationRatio", equalTo("1.1"))
        .body("policy.mmrMarginCall", equalTo("12"))
        .body("policy.remediationWindow", equalTo("PT6H"))
        .body("policy.minTopUpBalance", equalTo("30000"))
        .body("policy.terminationAmount", equalTo("22000"))
        .body("policy.overridden", hasItems("minTopUpRatio", "mmrMarginCall", "remediationWindow"));

    String before =
        stringWhere(
            dataSource,
            "SELECT before_state::text FROM audit_record WHERE account_id = ? AND action ="
                + " 'FACILITY_UPDATED'",
            account);
    String after =
        stringWhere(
            dataSource,
            "SELECT after_state::text FROM audit_record WHERE account_id = ? AND action ="
                + " 'FACILITY_UPDATED'",
            account);
    assertThat(before).contains("\"marginPlusAmount\": \"10000\"");
    assertThat(after).contains("\"marginPlusAmount\": \"20000\"");

    // The same terms again change nothing and record nothing.
    IngestTestSupport.Counts unchanged = counts(dataSource);
    as("supervisor")
        .contentType(ContentType.JSON)
        .body(
            "{\"marginPlusAmount\":\"20000.00\",\"asset\":\"USDT\",\"exchangeAlias\":\""
                + account
                + "-x\",\"policy\":{\"minTopUpRatio\":1.5,\"mmrMarginCall\":\"12\","
                + "\"remediationWindow\":\"PT6H\"}}")
        .put("/api/v1/accounts/" + account + "/facility")
        .then()
        .statusCode(200);
    assertThat(counts(dataSource)).isEqualTo(unchanged);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"marginPlusAmount\":\"-5\",\"asset\":\"USDT\"} | marginPlusAmount",
        "{\"marginPlusAmount\":\"0\",\"asset\":\"USDT\"} | marginPlusAmount",
        "{\"marginPlusAmount\":\"ten\",\"asset\":\"USDT\"} | marginPlusAmount",
        "{\"asset\":\"USDT\"} | marginPlusAmount",
        "{\"marginPlusAmount\":\"1\",\"asset\":\"US DT\"} | asset",
        "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\",\"contactEmail\":\"nobody\"} | contactEmail",
        "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\",\"exchangeAlias\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"} | exchangeAlias",
        "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\",\"policy\":{\"mmrMarginCall\":\"-1\"}} | policy.mmrMarginCall",
        "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\",\"policy\":{\"remediationWindow\":\"12h\"}} | policy.remediationWindow",
        "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\",\"policy\":{\"color\":\"red\"}} | policy.color",
        "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\",\"policy\":[]} | policy",
      })
  void givenABadFacilityBody_whenPut_then400NamingTheFieldAndNothingStored(
      String body, String field) {
    IngestTestSupport.Counts before = counts(dataSource);

    as("supervisor")
        .contentType(ContentType.JSON)
        .body(body)
        .put("/api/v1/accounts/" + freshAccount() + "/facility")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem(field));

    assertThat(counts(dataSource)).isEqualTo(before);
  }

  /** A remediation window or allowance beyond what Instant arithmetic holds broke every breach. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "remediationWindow, PT2562047788015215H",
    "remediationWindow, PT59S",
    "remediationWindow, PT168H0.001S",
    "maxExtension, PT2562047788015215H",
    "maxExtension, PT168H1S",
  })
  void givenAPolicyDurationOutOfBounds_whenPut_then400NamingTheFieldAndNothingStored(
      String field, String duration) {
    IngestTestSupport.Counts before = counts(dataSource);

    as("supervisor")
        .contentType(ContentType.JSON)
        .body(
            "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\",\"policy\":{\""
                + field
                + "\":\""
                + duration
                + "\"}}")
        .put("/api/v1/accounts/" + freshAccount() + "/facility")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("policy." + field))
        .body("errors.message", hasItem(containsString("7 days")));

    assertThat(counts(dataSource)).isEqualTo(before);
  }

  @Test
  void givenPolicyDurationsAtTheirBounds_whenPut_thenAccepted() {
    as("supervisor")
        .contentType(ContentType.JSON)
        .body(
            "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\",\"policy\":"
                + "{\"remediationWindow\":\"PT1M\",\"maxExtension\":\"P7D\"}}")
        .put("/api/v1/accounts/" + freshAccount() + "/facility")
        .then()
        .statusCode(201)
        .body("policy.remediationWindow", equalTo("PT1M"))
        .body("policy.maxExtension", equalTo("PT168H"));
    as("supervisor")
        .contentType(ContentType.JSON)
        .body(
            "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\",\"policy\":"
                + "{\"remediationWindow\":\"P7D\",\"maxExtension\":\"PT0S\"}}")
        .put("/api/v1/accounts/" + freshAccount() + "/facility")
        .then()
        .statusCode(201)
        .body("policy.remediationWindow", equalTo("PT168H"))
        .body("policy.maxExtension", equalTo("PT0S"));
  }

  @Test
  void givenInconsistentPolicyOverrides_whenPut_then422AndNothingStored() {
    IngestTestSupport.Counts before = counts(dataSource);

    as("supervisor")
        .contentType(ContentType.JSON)
        .body(
            "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\","
                + "\"policy\":{\"terminationRatio\":\"1.4\"}}")
        .put("/api/v1/accounts/" + freshAccount() + "/facility")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("policy"));

    assertThat(counts(dataSource)).isEqualTo(before);
  }

  @Test
  void givenMalformedJsonEmptyBodyOrWrongContentType_whenPut_then4xxProblemAndNothingStored() {
    IngestTestSupport.Counts before = counts(dataSource);
    String path = "/api/v1/accounts/" + freshAccount() + "/facility";

    as("supervisor")
        .contentType(ContentType.JSON)
        .body("{\"marginPlusAmount\":\"1\" \"asset\":\"USDT\"}")
        .put(path)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("line 1, column"));
    as("supervisor")
        .contentType(ContentType.JSON)
        .body("")
        .put(path)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("body"));
    as("supervisor")
        .contentType(ContentType.TEXT)
        .body("marginPlusAmount=1")
        .put(path)
        .then()
        .statusCode(415)
        .contentType("application/problem+json");

    assertThat(counts(dataSource)).isEqualTo(before);
  }

  @Test
  void givenAnAliasOfAnotherAccount_whenPut_then409() {
    String owner = freshAccount();
    IngestTestSupport.registerFacility(owner, owner + "-alias", "100", "USDT");

    as("supervisor")
        .contentType(ContentType.JSON)
        .body(
            "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\",\"exchangeAlias\":\""
                + owner
                + "-alias\"}")
        .put("/api/v1/accounts/" + freshAccount() + "/facility")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }

  @Test
  void givenRoles_whenCallingAccountEndpoints_thenOnlyAllowedRolesGetThrough() {
    String account = freshAccount();
    String body = "{\"marginPlusAmount\":\"1\",\"asset\":\"USDT\"}";
    as("operator")
        .contentType(ContentType.JSON)
        .body(body)
        .put("/api/v1/accounts/" + account + "/facility")
        .then()
        .statusCode(403);
    as("feed").get("/api/v1/accounts/" + account).then().statusCode(403);
    as("viewer")
        .get("/api/v1/accounts/" + account)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    as("viewer")
        .get("/api/v1/accounts/" + "a".repeat(65))
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("accountId"));
  }
}
