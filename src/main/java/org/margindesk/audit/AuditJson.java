package org.margindesk.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.margindesk.config.JsonMapping;

/**
 * JSON as the audit trail stores and hashes it. PostgreSQL's jsonb keeps the value but not the
 * text: it reorders keys, drops whitespace, decodes {@code \u00e9} escapes and prints numbers as
 * {@code numeric} does ({@code 1e2} comes back as {@code 100}, {@code 1.50} stays {@code 1.50}).
 * The canonical form below yields the same text for a document and for what jsonb gives back for
 * it.
 */
public final class AuditJson {
  private static final ObjectMapper MAPPER = JsonMapping.MAPPER;

  private AuditJson() {}

  /**
   * Parses JSON text exactly: decimals stay {@link BigDecimal}, never a double.
   *
   * @throws IllegalArgumentException if the text is not one JSON value
   */
  public static JsonNode parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException("audit JSON field is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit JSON field is not valid JSON", e);
    }
  }

  /** The canonical text of a JSON document, or null for null. */
  public static String canonical(String json) {
    if (json == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    write(parse(json), out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      Map<String, JsonNode> fields = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> entry = it.next();
        fields.put(entry.getKey(), entry.getValue());
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> entry : fields.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(entry.getKey(), out);
        out.append(':');
        write(entry.getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(node.get(i), out);
      }
      out.append(']');
    } else if (node.isNumber()) {
      out.append(number(node.decimalValue()));
    } else if (node.isTextual()) {
      string(node.textValue(), out);
    } else if (node.isBoolean()) {
      out.append(node.booleanValue());
    } else if (node.isNull()) {
      out.append("null");
    } else {
      throw new IllegalArgumentException("unsupported JSON node " + node.getNodeType());
    }
  }

  /**
   * PostgreSQL's numeric keeps the scale written (1.50) but never a negative one (1e2 is 100), and
   * prints no exponent.
   */
  static String number(BigDecimal value) {
    return (value.scale() < 0 ? value.setScale(0) : value).toPlainString();
  }

  /** JSON string escaping by code unit, so the output does not depend on a library's choices. */
  private static void string(String value, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
