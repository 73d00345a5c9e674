package org.margindesk.domain;

/**
 * Whether PostgreSQL can store a string. It refuses the NUL character in text and jsonb alike, and
 * a lone UTF-16 surrogate has no UTF-8 form at all. Such a string in a query parameter used to
 * answer 500; in a body it reached an insert, and inside a workflow activity it failed on every
 * retry. The edge refuses it instead: query and path parameters in {@code
 * api/StorableParametersFilter}, body strings (values and field names) in {@code ingest/JsonInput},
 * and request fields built in code (console forms) by the {@code request/Storable} constraint.
 */
public final class StorableText {
  private StorableText() {}

  /**
   * @return why the text cannot be stored, as a field error message; null when it can
   */
  public static String problem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        return "must not contain the NUL character (U+0000), which PostgreSQL cannot store";
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "must not contain a lone UTF-16 surrogate ("
            + codePoint(c)
            + "), which has no UTF-8 form";
      }
    }
    return null;
  }

  /** The text with each NUL or lone surrogate spelled as a backslash-u escape, to show a name. */
  public static String visible(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (c == '\0' || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }
}
