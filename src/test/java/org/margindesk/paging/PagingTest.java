package org.margindesk.paging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagingTest {

  @Test
  void givenACursor_whenDecodedByItsList_thenItsPartsComeBackAndAnIdMayHoldABar() {
    String cursor = Cursors.encode("task:", Instant.parse("2026-01-31T09:30:00Z"), "a|b");

    assertThat(Cursors.decode("task:", 2, cursor)).contains(List.of("2026-01-31T09:30:00Z", "a|b"));
  }

  @Test
  void givenAnotherListsCursorOrNoise_whenDecoded_thenNothing() {
    assertThat(Cursors.decode("n:", 2, Cursors.encode("task:", "x", "y"))).isEmpty();
    assertThat(Cursors.decode("task:", 2, Cursors.encode("task:", "x", ""))).isEmpty();
    assertThat(Cursors.decode("seq:", 1, "not base64 !")).isEmpty();
    assertThat(Cursors.instant("-999999999-01-01T00:00:00Z")).isEmpty();
  }

  @Test
  void givenOneRowMoreThanTheLimit_whenPaged_thenTheLastShownRowMakesTheCursor() {
    Page<String> page = Page.of(List.of(1, 2, 3), 2, String::valueOf, last -> "after " + last);

    assertThat(page).isEqualTo(new Page<>(List.of("1", "2"), "after 2"));
    assertThat(Page.of(List.of(1, 2), 2, String::valueOf, last -> "after " + last).nextCursor())
        .isNull();
    assertThat(Page.fetchSize(50)).isEqualTo(51);
  }
}
