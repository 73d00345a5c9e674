package org.margindesk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {
  @Test
  void givenTrailingZerosOrAnExponent_whenShownPlain_thenTheSameNumberReadsTheSame() {
    assertThat(Money.plain(new BigDecimal("1.10"))).isEqualTo("1.1");
    assertThat(Money.plain(new BigDecimal("1E+4"))).isEqualTo("10000");
    assertThat(Money.plain(new BigDecimal("0.00000000"))).isEqualTo("0");
    assertThat(Money.plain(null)).isNull();
  }
}
