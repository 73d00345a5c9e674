package org.margindesk.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * The service's one JSON configuration, for request bodies and for what it stores alike:
 *
 * <ul>
 *   <li>a property the target does not have is refused, so a misspelt field is an error rather than
 *       a silent default;
 *   <li>decimals are {@link java.math.BigDecimal}, never double, so an amount keeps every digit, in
 *       trees too;
 *   <li>a repeated key is refused: which of two values counts would otherwise depend on the parser;
 *   <li>a number or a boolean is not taken for a string (Jackson's default would read {@code
 *       "note":7} as "7");
 *   <li>anything after the document is refused.
 * </ul>
 *
 * Quarkus's mapper (request bodies, responses, every injected {@code ObjectMapper}) is customised
 * here; {@link #MAPPER} carries the same configuration for the few static parsers that run outside
 * CDI (raw exchange events, the audit trail's canonical JSON).
 */
@Singleton
public class JsonMapping implements ObjectMapperCustomizer {

  /**
   * A string is a JSON string. Anything else goes to {@link DeserializationContext
   * #handleUnexpectedToken}: a refusal, or, for a request body, one collected error among the
   * others (Jackson's own coercion refusal would throw at once and hide the rest).
   */
  private static final StdScalarDeserializer<String> TEXT =
      new StdScalarDeserializer<>(String.class) {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
          return p.hasToken(JsonToken.VALUE_STRING)
              ? p.getText()
              : (String) ctxt.handleUnexpectedToken(String.class, p);
        }
      };

  /** For static code only; everything injected gets Quarkus's mapper, configured identically. */
  public static final ObjectMapper MAPPER = configure(JsonMapper.builder().build());

  @Override
  public void customize(ObjectMapper mapper) {
    configure(mapper);
  }

  private static ObjectMapper configure(ObjectMapper mapper) {
    mapper
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    mapper.registerModule(new SimpleModule("strict-strings").addDeserializer(String.class, TEXT));
    return mapper;
  }
}
