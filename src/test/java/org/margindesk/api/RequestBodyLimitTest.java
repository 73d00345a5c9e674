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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.margindesk.api.fuzz.RawHttp;
import org.margindesk.api.fuzz.RawHttp.Answer;

/**
 * Bodies over {@code quarkus.http.limits.max-body-size} (1 MiB) get 413 problem+json before they
 * are read, whether the length is declared or the body arrives in chunks; a chunked body under the
 * limit still works. Quarkus alone answered both with a bare 413 and no body.
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
    String snapshot =
        "{\"eventId\":\""
            + UUID.randomUUID()
            + "\",\"accountId\":\""
            + account
            + "\",\"asOf\":\""
            + Instant.now()
            + "\",\"collateralBalance\":\"20000\",\"maintenanceMarginRatio\":\"20\"}";
    byte[] body = ("{\"items\":[" + snapshot + "]}").getBytes(StandardCharsets.UTF_8);

    Answer answer = new RawHttp(base.getPort()).send("POST", BATCH, headers, RawHttp.chunked(body));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(
            IngestTestSupport.countWhere(
                dataSource, "SELECT count(*) FROM risk_snapshot WHERE account_id = ?", account))
        .isEqualTo(1);
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
