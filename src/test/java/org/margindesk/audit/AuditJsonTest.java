package org.margindesk.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AuditJsonTest {

  @Test
  void givenKeysInAnyOrderAndWhitespace_whenCanonical_thenTheSameText() {
    assertThat(AuditJson.canonical("{ \"b\" : 1, \"a\" : { \"d\": true, \"c\": null } }"))
        .isEqualTo("{\"a\":{\"c\":null,\"d\":true},\"b\":1}");
    assertThat(AuditJson.canonical("{\"a\":{\"d\":true,\"c\":null},\"b\":1}"))
        .isEqualTo(AuditJson.canonical("{\"b\": 1, \"a\": {\"c\": null, \"d\": true}}"));
  }

  @Test
  void givenNumbersAsPostgresNumericPrintsThem_whenCanonical_thenEqual() {
    // What jsonb gives back for the left-hand text is the right-hand text.
    assertThat(AuditJson.canonical("[1e2]")).isEqualTo(AuditJson.canonical("[100]"));
    assertThat(AuditJson.canonical("[1.50E1]")).isEqualTo(AuditJson.canonical("[15.0]"));
    assertThat(AuditJson.canonical("[5e-4]")).isEqualTo(AuditJson.canonical("[0.0005]"));
    assertThat(AuditJson.canonical("[-0.0]")).isEqualTo("[0.0]");
    assertThat(AuditJson.canonical("[123456789012345678901234567890.000000000000000000001]"))
        .isEqualTo("[123456789012345678901234567890.000000000000000000001]");
  }

  @Test
  void givenDifferentScales_whenCanonical_thenKeptApartAsPostgresKeepsThem() {
    assertThat(AuditJson.canonical("[1.50]")).isEqualTo("[1.50]");
    assertThat(AuditJson.canonical("[1.5]")).isEqualTo("[1.5]");
  }

  @Test
  void givenUnicodeEscapedOrLiteral_whenCanonical_thenTheSameText() {
    assertThat(AuditJson.canonical("{\"n\":\"caf\\u00e9 \\ud83d\\ude00\"}"))
        .isEqualTo(AuditJson.canonical("{\"n\":\"café 😀\"}"))
        .isEqualTo("{\"n\":\"café 😀\"}");
    assertThat(AuditJson.canonical("[\"tab\\tquote\\\"\\u0001\"]"))
        .isEqualTo("[\"tab\\tquote\\\"\\u0001\"]");
  }

  @Test
  void givenNotJson_whenCanonical_thenRejected() {
    assertThatThrownBy(() -> AuditJson.canonical("{\"a\":"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditJson.canonical("{} {}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditJson.canonical("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givenNull_whenCanonical_thenNull() {
    assertThat(AuditJson.canonical(null)).isNull();
    assertThat(AuditJson.parse(null)).isNull();
  }

  @Test
  void givenADecimal_whenParsed_thenExact() {
    assertThat(AuditJson.parse("{\"x\":0.1000000000000000000001}").get("x").decimalValue())
        .isEqualByComparingTo(new BigDecimal("0.1000000000000000000001"));
  }
}
