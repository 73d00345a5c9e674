package org.margindesk.api.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.margindesk.api.fuzz.ApiOperations.Operation;
import org.margindesk.api.fuzz.ApiOperations.Parameter;

/**
 * Turns one operation of the document into hostile requests: each catalogued hostile value once,
 * rotated through the operation's path parameters, query parameters, the Idempotency-Key header and
 * its body's fields; whole-body attacks (malformed JSON, nesting, 10 MB, wrong content types); then
 * {@code generated} more drawn by jqwik from a seeded random.
 */
final class FuzzCases {
  static final String FIELD_MARK = "\"__fuzz__\"";

  /** One request to send; {@code body} is null for none. */
  record Case(
      Operation operation, String what, String target, Map<String, String> headers, byte[] body) {
    boolean hasIdempotencyKey() {
      return headers.containsKey("Idempotency-Key");
    }

    @Override
    public String toString() {
      return operation.route() + " [" + what + "]";
    }
  }

  private final Operation op;
  private final String authorization;
  private final Function<String, String> fixtureId;
  private final List<String> leaves;

  /**
   * @param fixtureId from the path segment before a parameter ("accounts", "tasks", …) to a real id
   *     of that kind, or null when none is known
   */
  FuzzCases(Operation op, String authorization, Function<String, String> fixtureId) {
    this.op = op;
    this.authorization = authorization;
    this.fixtureId = fixtureId;
    this.leaves = new ArrayList<>();
    if (op.takesBody()) {
      collectLeaves(op.bodyExample(), "", leaves);
    }
  }

  /**
   * @param everywhere every catalogued value in every parameter and body field (the deep run, a few
   *     times longer), rather than rotated through them
   */
  List<Case> all(Random random, int generated, boolean everywhere) {
    List<Case> cases = new ArrayList<>();
    List<String> locations = locations();
    int spread = everywhere ? Math.max(leaves.size(), op.parameters().size()) + 1 : 1;
    for (int i = 0; i < HostileInputs.STRINGS.size(); i++) {
      String value = HostileInputs.STRINGS.get(i);
      String rotated = locations.get(i % locations.size());
      for (int j = 0; j < spread; j++) {
        for (String location : everywhere ? locations : List.of(rotated)) {
          if (everywhere || !location.equals("query")) {
            cases.add(inLocation(location, i + j, value, "string#" + i));
          }
        }
      }
      if (!everywhere) {
        // Query parameters are cheap to fuzz (reads, refused or answered without effect) and
        // each one goes its own way into SQL: every one of them gets every value.
        for (int q = 0; q < op.in("query").size(); q++) {
          cases.add(inLocation("query", q, value, "string#" + i));
        }
      }
    }
    for (int i = 0; i < HostileInputs.NUMBERS.size(); i++) {
      for (int j = 0; j < spread * (everywhere ? 2 : 1); j++) {
        cases.add(number(i + j, HostileInputs.NUMBERS.get(i), "number#" + i));
      }
    }
    for (String accept : HostileInputs.ACCEPTS) {
      Map<String, String> headers = headers();
      headers.put("Accept", accept);
      cases.add(request("Accept " + accept, pathWith(null, ""), headers, validBody()));
    }
    if (!leaves.isEmpty()) {
      // Just under Jackson's nesting limit, so it is the service that meets the depth.
      String deep = HostileInputs.nestedArrays(990, false);
      cases.add(field(leaves.get(leaves.size() - 1), deep, "990 nested arrays"));
      cases.add(field(leaves.get(0), HostileInputs.nestedObjects(990), "990 nested objects"));
      for (int i = 0; i < HostileInputs.WRONG_TYPES.size(); i++) {
        cases.add(field(leaves.get(i % leaves.size()), HostileInputs.WRONG_TYPES.get(i), "type"));
      }
    }
    if (op.takesBody() || !op.method().equals("GET")) {
      cases.addAll(wholeBodies());
    }
    cases.add(request("unknown ids", pathWith(null, null), headers(), validBody()));
    for (int i = 0; i < generated; i++) {
      String location = locations.get(random.nextInt(locations.size()));
      boolean numeric = random.nextInt(4) == 0;
      String value =
          HostileInputs.draw(numeric ? HostileInputs.NUMBER_VALUES : HostileInputs.STRING_VALUES);
      cases.add(
          numeric
              ? number(random.nextInt(1000), value, "generated number")
              : inLocation(location, random.nextInt(1000), value, "generated"));
    }
    return cases;
  }

  private List<String> locations() {
    List<String> locations = new ArrayList<>();
    if (!op.in("path").isEmpty()) {
      locations.add("path");
    }
    if (!op.in("query").isEmpty()) {
      locations.add("query");
    }
    if (!op.method().equals("GET") || locations.isEmpty()) {
      // Idempotency-Key is read on writes only; on reads the Accept cases below stand in.
      locations.add("header");
    }
    if (!leaves.isEmpty()) {
      locations.add("body");
    }
    return locations;
  }

  private Case inLocation(String location, int pick, String value, String what) {
    return switch (location) {
      case "path" -> {
        Parameter p = op.in("path").get(pick % op.in("path").size());
        yield request(
            what + " in path " + p.name(), pathWith(p.name(), value), headers(), validBody());
      }
      case "query" -> {
        Parameter p = op.in("query").get(pick % op.in("query").size());
        yield request(
            what + " in query " + p.name(),
            pathWith(null, "") + "?" + encode(p.name()) + "=" + encode(value),
            headers(),
            validBody());
      }
      case "header" -> {
        Map<String, String> headers = headers();
        headers.put("Idempotency-Key", value);
        yield request(what + " in Idempotency-Key", pathWith(null, ""), headers, validBody());
      }
      default -> field(leaves.get(pick % leaves.size()), jsonString(value), what);
    };
  }

  /** A hostile number in a body field, or in a numeric (else any) query parameter. */
  private Case number(int pick, String token, String what) {
    if (!leaves.isEmpty()) {
      String pointer = leaves.get(pick % leaves.size());
      return pick % 2 == 0
          ? field(pointer, token, what + " raw")
          : field(pointer, jsonString(token), what + " as text");
    }
    List<Parameter> query = op.in("query");
    if (!query.isEmpty()) {
      Parameter p =
          query.stream()
              .filter(q -> q.type().equals("integer") || q.type().equals("number"))
              .findFirst()
              .orElse(query.get(pick % query.size()));
      return request(
          what + " in query " + p.name(),
          pathWith(null, "") + "?" + encode(p.name()) + "=" + encode(token),
          headers(),
          null);
    }
    return inLocation("header", pick, token, what);
  }

  private Case field(String pointer, String rawJson, String what) {
    String body = withField(op.bodyExample(), pointer, rawJson);
    return request(what + " in body " + pointer, pathWith(null, ""), headers(), utf8(body));
  }

  private List<Case> wholeBodies() {
    List<Case> cases = new ArrayList<>();
    String path = pathWith(null, "");
    for (String malformed : HostileInputs.MALFORMED) {
      cases.add(request("malformed body", path, headers(), utf8(malformed)));
    }
    cases.add(
        request(
            "10,000 nested arrays",
            path,
            headers(),
            utf8(HostileInputs.nestedArrays(10_000, false))));
    cases.add(
        request(
            "10,000 unclosed arrays",
            path,
            headers(),
            utf8(HostileInputs.nestedArrays(10_000, true))));
    cases.add(
        request(
            "10,000 nested objects", path, headers(), utf8(HostileInputs.nestedObjects(10_000))));
    byte[] tenMb = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(tenMb, (byte) ' ');
    tenMb[0] = '[';
    tenMb[tenMb.length - 1] = ']';
    cases.add(request("10 MB body", path, headers(), tenMb));
    Map<String, String> chunked = headers();
    chunked.put("Transfer-Encoding", "chunked");
    cases.add(
        request(
            "2 MB chunked body",
            path,
            chunked,
            RawHttp.chunked(java.util.Arrays.copyOf(tenMb, 2 * 1024 * 1024))));
    cases.add(request("empty body", path, headers(), new byte[0]));
    cases.add(request("invalid UTF-8 in a string", path, headers(), invalidUtf8Body()));
    for (String type : HostileInputs.CONTENT_TYPES) {
      Map<String, String> headers = headers();
      headers.put("Content-Type", type);
      cases.add(request("content type " + type, path, headers, validBody()));
    }
    Map<String, String> lying = headers();
    lying.put("Content-Length", "99999999999999999999");
    cases.add(request("Content-Length overflow", path, lying, new byte[0]));
    return cases;
  }

  private Case request(String what, String target, Map<String, String> headers, byte[] body) {
    return new Case(op, what, target, headers, body);
  }

  private Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", authorization);
    headers.put("Accept", "application/json");
    if (op.takesBody()) {
      headers.put("Content-Type", "application/json");
    }
    return headers;
  }

  private byte[] validBody() {
    return op.takesBody() ? utf8(withField(op.bodyExample(), null, null)) : null;
  }

  /** A lone surrogate's bytes and a cut-off sequence inside a string: not UTF-8 at all. */
  private byte[] invalidUtf8Body() {
    String text =
        op.takesBody() && !leaves.isEmpty()
            ? withField(op.bodyExample(), leaves.get(0), FIELD_MARK)
            : "{\"x\":" + FIELD_MARK + "}";
    int mark = text.indexOf("__fuzz__");
    ByteArrayOutputStream broken = new ByteArrayOutputStream();
    broken.writeBytes(utf8(text.substring(0, mark)));
    broken.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xC3});
    broken.writeBytes(utf8(text.substring(mark + "__fuzz__".length())));
    return broken.toByteArray();
  }

  /**
   * The path with each parameter filled: {@code hostileName}'s with {@code hostile} (encoded), the
   * others with a real fixture of their kind, or an unknown id when {@code hostile} is null.
   */
  private String pathWith(String hostileName, String hostile) {
    String[] segments = op.path().split("/");
    StringBuilder path = new StringBuilder();
    for (int i = 1; i < segments.length; i++) {
      String segment = segments[i];
      path.append('/');
      if (segment.startsWith("{")) {
        String name = segment.substring(1, segment.length() - 1);
        String real = fixtureId.apply(segments[i - 1]);
        if (name.equals(hostileName)) {
          path.append(encode(hostile));
        } else if (hostile == null || real == null) {
          path.append("unknown-").append(UUID.randomUUID());
        } else {
          path.append(encode(real));
        }
      } else {
        path.append(segment);
      }
    }
    return path.toString();
  }

  /** The example with {@code pointer}'s value replaced by raw JSON text; fresh event ids. */
  private String withField(JsonNode example, String pointer, String rawJson) {
    JsonNode copy = example.deepCopy();
    freshen(copy);
    if (pointer != null) {
      replace(copy, pointer);
    }
    String text = copy.toString();
    return pointer == null ? text : text.replace(FIELD_MARK, rawJson);
  }

  private void freshen(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.has("eventId")) {
        object.put("eventId", UUID.randomUUID().toString());
      }
      if (object.has("accountId") && fixtureId.apply("accounts") != null) {
        object.put("accountId", fixtureId.apply("accounts"));
      }
      object.elements().forEachRemaining(this::freshen);
    } else if (node instanceof ArrayNode array) {
      array.elements().forEachRemaining(this::freshen);
    }
  }

  private static void replace(JsonNode root, String pointer) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = slash <= 0 ? root : root.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1);
    if (parent instanceof ObjectNode object) {
      object.set(last, TextNode.valueOf("__fuzz__"));
    } else if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), TextNode.valueOf("__fuzz__"));
    }
  }

  /** JSON pointers of the example's leaves and containers, nested ones included. */
  private static void collectLeaves(JsonNode node, String at, List<String> into) {
    if (!at.isEmpty()) {
      into.add(at);
    }
    if (node instanceof ObjectNode object) {
      object.fieldNames().forEachRemaining(f -> collectLeaves(object.get(f), at + "/" + f, into));
    } else if (node instanceof ArrayNode array && !array.isEmpty()) {
      collectLeaves(array.get(0), at + "/0", into);
    }
  }

  /** A JSON string literal whose escapes carry NULs and lone surrogates through to the parser. */
  static String jsonString(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /**
   * Percent-encodes every byte outside the unreserved set. A lone surrogate becomes the three bytes
   * a lax encoder would write (ED A0 80 for U+D800): not UTF-8, which is the point.
   */
  static String encode(String value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        bytes.writeBytes(value.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
        i++;
      } else if (Character.isSurrogate(c)) {
        bytes.write(0xE0 | (c >> 12));
        bytes.write(0x80 | ((c >> 6) & 0x3F));
        bytes.write(0x80 | (c & 0x3F));
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    StringBuilder out = new StringBuilder();
    for (byte b : bytes.toByteArray()) {
      int u = b & 0xFF;
      if (Character.isLetterOrDigit(u) && u < 0x80
          || u == '-'
          || u == '.'
          || u == '_'
          || u == '~') {
        out.append((char) u);
      } else {
        out.append('%').append(String.format("%02X", u));
      }
    }
    return out.toString();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
