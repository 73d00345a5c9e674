package org.margindesk.paging;

import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a list, in the list's order; {@code nextCursor} is null on the last page.
 *
 * <p>Every list reads one row more than it shows ({@link #fetchSize}): that row says whether
 * another page exists, without a count query.
 */
public record Page<T>(List<T> items, @Schema(nullable = true) String nextCursor) {

  /** How many rows to read for a page of {@code limit}. */
  public static int fetchSize(int limit) {
    return limit + 1;
  }

  /** The same page with its items made into something else, in one go. */
  public <R> Page<R> withItems(List<R> others) {
    return new Page<>(others, nextCursor);
  }

  /**
   * @param rows up to {@link #fetchSize} rows, in the list's order
   * @param view what the client sees of a row
   * @param cursorAfter the cursor that resumes after a row
   */
  public static <R, T> Page<T> of(
      List<R> rows, int limit, Function<R, T> view, Function<R, String> cursorAfter) {
    boolean more = rows.size() > limit;
    List<R> shown = more ? rows.subList(0, limit) : rows;
    return new Page<>(
        shown.stream().map(view).toList(),
        more ? cursorAfter.apply(shown.get(shown.size() - 1)) : null);
  }
}
