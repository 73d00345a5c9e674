package org.margindesk.request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import org.margindesk.domain.DecimalInput;

/**
 * Reads a decimal given as a JSON number or as a string of plain digits ({@code "12000.50"}), the
 * two forms feeds send. A string with an exponent, a NaN or anything else is refused with {@link
 * DecimalInput#NOT_A_DECIMAL}; numbers keep every digit (the mapper reads floats as BigDecimal).
 */
public class DecimalReader extends StdScalarDeserializer<BigDecimal> {

  public DecimalReader() {
    super(BigDecimal.class);
  }

  @Override
  public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.hasToken(JsonToken.VALUE_NUMBER_INT) || p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
      return p.getDecimalValue();
    }
    if (p.hasToken(JsonToken.VALUE_STRING)) {
      BigDecimal value = DecimalInput.parse(p.getText());
      return value != null
          ? value
          : (BigDecimal)
              ctxt.handleWeirdStringValue(
                  BigDecimal.class, p.getText(), DecimalInput.NOT_A_DECIMAL);
    }
    return (BigDecimal) ctxt.handleUnexpectedToken(BigDecimal.class, p);
  }
}
