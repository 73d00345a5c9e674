package org.margindesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.margindesk.api.fuzz.RawHttp;
import org.margindesk.api.fuzz.RawHttp.Answer;

/**
 * Bodies over {@code quarkus.http.limits.max-body-size} (1 MiB) get 413 problem+json before they
 * are read, whether the length is declared or the body arrives in chunks; a chunked body under the
 * limit still works. Quarkus alone answered both with a bare 413 and no body. Bodies under the
 * limit are read before the request reaches its worker thread, whole even when they arrive slowly;
 * a form sent in chunks, which that reading would leave unanswered, is refused (415).
 */
@QuarkusTest
class RequestBodyLimitTest {
  private static final String BATCH = "/api/v1/risk-snapshots/batch";

  @Inject AgroalDataSource dataSource;

  @TestHTTPResource("/")
  URL base;

  @Test
  void givenADeclaredLengthOverTheLimit_whenPosted_then413ProblemJsonAndNothingStored()
      throws Exception {
    long before = IngestTestSupport.rowsWhere(dataSource, "risk_snapshot", "true");
    byte[] body = new byte[2 * 1024 * 1024];
    Arrays.fill(body, (byte) ' ');

    Answer answer = new RawHttp(base.getPort()).send("POST", BATCH, headers(), body);

    assertTooLarge(answer);
    assertThat(IngestTestSupport.rowsWhere(dataSource, "risk_snapshot", "true")).isEqualTo(before);
  }

  @Test
  void givenAChunkedBodyGrowingPastTheLimit_whenPosted_then413ProblemJson() throws Exception {
    Map<String, String> headers = headers();
    headers.put("Transfer-Encoding", "chunked");
    byte[] body = new byte[2 * 1024 * 1024];
    Arrays.fill(body, (byte) ' ');

    Answer answer = new RawHttp(base.getPort()).send("POST", BATCH, headers, RawHttp.chunked(body));

    assertTooLarge(answer);
  }

  @Test
  void givenAChunkedBodyUnderTheLimit_whenPosted_thenItIsReadAsUsual() throws Exception {
    String account = MarginCallTestSupport.freshAccount("chunked");
    MarginCallTestSupport.registerFacility(account, null);
    Map<String, String> headers = headers();
    headers.put("Transfer-Encoding", "chunked");
    byte[] body = batchOf(account);

    Answer answer = new RawHttp(base.getPort()).send("POST", BATCH, headers, RawHttp.chunked(body));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(
            IngestTestSupport.countWhere(
                dataSource, "SELECT count(*) FROM risk_snapshot WHERE account_id = ?", account))
        .isEqualTo(1);
  }

  @Test
  void givenADeclaredLengthBodyArrivingInTwoParts_whenPosted_thenItIsReadWhole() throws Exception {
    String account = MarginCallTestSupport.freshAccount("two-parts");
    MarginCallTestSupport.registerFacility(account, null);

    Answer answer =
        new RawHttp(base.getPort()).send("POST", BATCH, headers(), batchOf(account), 300);

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).contains("\"accepted\":1");
    assertThat(
            IngestTestSupport.countWhere(
                dataSource, "SELECT count(*) FROM risk_snapshot WHERE account_id = ?", account))
        .isEqualTo(1);
  }

  @Test
  void givenContentLengths_whenAskedWhetherTheyDeclareABody_thenOnlyANonZeroLengthDoes() {
    assertThat(RequestBodyLimit.declaresBody("1")).isTrue();
    assertThat(RequestBodyLimit.declaresBody("1048576")).isTrue();
    assertThat(RequestBodyLimit.declaresBody("0010")).isTrue();
    assertThat(RequestBodyLimit.declaresBody("0")).isFalse();
    assertThat(RequestBodyLimit.declaresBody("000")).isFalse();
    assertThat(RequestBodyLimit.declaresBody("")).isFalse();
    assertThat(RequestBodyLimit.declaresBody(null)).isFalse();
    assertThat(RequestBodyLimit.declaresBody("1e3")).isFalse();
  }

  @Test
  void givenContentTypes_whenAskedWhetherTheyAreJson_thenOnlyJsonTypesAre() {
    assertThat(RequestBodyLimit.isJson("application/json")).isTrue();
    assertThat(RequestBodyLimit.isJson("Application/JSON; charset=UTF-8")).isTrue();
    assertThat(RequestBodyLimit.isJson("application/merge-patch+json")).isTrue();
    assertThat(RequestBodyLimit.isJson("multipart/form-data; boundary=x")).isFalse();
    assertThat(RequestBodyLimit.isJson("application/x-www-form-urlencoded")).isFalse();
    assertThat(RequestBodyLimit.isJson("json")).isFalse();
    assertThat(RequestBodyLimit.isJson("")).isFalse();
    assertThat(RequestBodyLimit.isJson(null)).isFalse();
  }

  @Test
  void givenAChunkedForm_whenPostedToAnOperationWithAnOptionalBody_then415ProblemJson()
      throws Exception {
    Map<String, String> headers = headers();
    headers.put("Authorization", RawHttp.basic("supervisor"));
    headers.put("Content-Type", "multipart/form-data; boundary=x");
    headers.put("Transfer-Encoding", "chunked");
    byte[] body = "{\"reason\":\"chunked form\"}".getBytes(StandardCharsets.UTF_8);

    Answer answer =
        new RawHttp(base.getPort())
            .send(
                "POST",
                "/api/v1/margin-calls/no-such-call/waivers/no-such-waiver/approve",
                headers,
                RawHttp.chunked(body));

    assertThat(answer.status()).as(answer.body()).isEqualTo(415);
    assertThat(answer.isProblem()).as(answer.contentType()).isTrue();
    assertThat(answer.body()).contains("A form sent in chunks is not accepted");
  }

  @Test
  void givenContentTypes_whenAskedWhetherTheyAreForms_thenOnlyFormTypesAre() {
    assertThat(RequestBodyLimit.isForm("multipart/form-data; boundary=x")).isTrue();
    assertThat(RequestBodyLimit.isForm("Multipart/Mixed")).isTrue();
    assertThat(RequestBodyLimit.isForm("application/x-www-form-urlencoded")).isTrue();
    assertThat(RequestBodyLimit.isForm("application/json")).isFalse();
    assertThat(RequestBodyLimit.isForm("multipart")).isFalse();
    assertThat(RequestBodyLimit.isForm(null)).isFalse();
  }

  private static byte[] batchOf(String account) {
    String snapshot =
        MarginCallTestSupport.snapshotBody(account, Instant.now().toString(), "20000");
    return ("{\"items\":[" + snapshot + "]}").getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", RawHttp.basic("feed"));
    headers.put("Content-Type", "application/json");
    return headers;
  }

  private static void assertTooLarge(Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(413);
    assertThat(answer.isProblem()).as(answer.contentType()).isTrue();
    assertThat(answer.body())
        .contains("\"status\":413")
        .contains("larger than the limit of 1048576 bytes");
  }
}
