package org.margindesk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LatestFiguresTest {
  private static final Instant T10 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant T9 = T10.minusSeconds(3600);
  private static final Instant T11 = T10.plusSeconds(3600);
  private static final BigDecimal CAB = new BigDecimal("13000");
  private static final Ratio MMR = Ratio.of(new BigDecimal("4"));

  @Test
  void givenANewerCab_whenAnOlderMmrArrives_thenTheMmrAppliesAndTheCabStays() {
    LatestFigures known = LatestFigures.NONE.after(CAB, null, T10);

    assertThat(known.isStale(null, MMR, T9)).isFalse();
    LatestFigures after = known.after(null, MMR, T9);

    assertThat(after).isEqualTo(new LatestFigures(CAB, T10, MMR, T9));
    assertThat(after.latest()).isEqualTo(T10);
  }

  @Test
  void givenANewerCab_whenAnOlderCabArrives_thenItIsStaleAndChangesNothing() {
    LatestFigures known = new LatestFigures(CAB, T10, MMR, T9);

    assertThat(known.isStale(new BigDecimal("9000"), null, T9)).isTrue();
    assertThat(known.after(new BigDecimal("9000"), null, T9)).isEqualTo(known);
  }

  @Test
  void givenASnapshotWithBothFigures_whenOnlyOneIsNewer_thenOnlyThatOneApplies() {
    LatestFigures known = new LatestFigures(CAB, T10, MMR, T9);

    LatestFigures after =
        known.after(new BigDecimal("12000"), Ratio.of(new BigDecimal("8")), T9.plusSeconds(60));

    assertThat(after.cab()).isEqualTo(CAB);
    assertThat(after.mmr()).isEqualTo(Ratio.of(new BigDecimal("8")));
    assertThat(after.mmrAsOf()).isEqualTo(T9.plusSeconds(60));
  }

  @Test
  void givenTheSameTime_whenAFigureArrives_thenItApplies() {
    LatestFigures known = new LatestFigures(CAB, T10, null, null);

    assertThat(known.isStale(new BigDecimal("12500"), null, T10)).isFalse();
    assertThat(known.after(new BigDecimal("12500"), null, T10).cab()).isEqualByComparingTo("12500");
  }

  @Test
  void givenASnapshotWithoutFigures_whenJudged_thenItsTimeAloneDecides() {
    LatestFigures known = new LatestFigures(CAB, T10, null, null);

    assertThat(known.isStale(null, null, T9)).isTrue();
    assertThat(known.isStale(null, null, T11)).isFalse();
    assertThat(LatestFigures.NONE.isStale(null, null, T9)).isFalse();
  }
}
