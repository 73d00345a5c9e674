package org.margindesk.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.margindesk.domain.Refusal;

/**
 * Parses a raw Binance user-data-stream event. Unknown fields are ignored because Binance adds
 * fields over time; the fields we use are checked strictly and reported by their JSON path. Amounts
 * are bounded as native snapshots' are (8 decimal places, 30 integer digits, see {@link
 * org.margindesk.domain.DecimalInput}), which Binance's own amounts stay within.
 */
public final class BinanceEventParser {
  static final int MAX_ALIAS_LENGTH = 64;
  static final int MAX_SYMBOL_LENGTH = 64;

  private BinanceEventParser() {}

  /**
   * @param clock the service's time and how far ahead of it the event time {@code E} may be
   * @throws Refusal 400 for malformed JSON or bad fields, 422 for an event type we do not handle
   */
  public static BinanceEvent parse(String raw, ClockSkew clock) {
    JsonNode root = JsonInput.requireObject(JsonInput.parse(raw), null);
    FieldReader fields = new FieldReader(root);
    String type = fields.requiredString("e", 64);
    fields.throwIfErrors();
    return switch (type) {
      case BinanceEvent.MARGIN_CALL -> marginCall(fields, clock);
      case BinanceEvent.ACCOUNT_UPDATE -> accountUpdate(fields, clock);
      default ->
          throw Refusal.unprocessableField(
              "e",
              "event type '"
                  + type
                  + "' is not handled; only MARGIN_CALL and ACCOUNT_UPDATE carry risk");
    };
  }

  private static BinanceEvent.MarginCall marginCall(FieldReader fields, ClockSkew clock) {
    Long eventTime = eventTime(fields, clock);
    String alias = fields.requiredString("i", MAX_ALIAS_LENGTH);
    BigDecimal crossWallet = fields.optionalDecimal("cw", false, FieldReader.MAX_SCALE);
    JsonNode array = fields.requiredArray("p");
    List<BinanceEvent.Position> positions = new ArrayList<>();
    if (array != null) {
      if (array.isEmpty()) {
        fields.error("p", "must list at least one position");
      }
      for (int i = 0; i < array.size(); i++) {
        JsonNode item = array.get(i);
        if (!item.isObject()) {
          fields.error("p[" + i + "]", "must be an object");
          continue;
        }
        FieldReader position = fields.nested(item, "p[" + i + "]");
        String symbol = position.optionalString("s", MAX_SYMBOL_LENGTH);
        String marginType = position.requiredString("mt", 16);
        if (marginType != null
            && !marginType.equalsIgnoreCase("CROSSED")
            && !marginType.equalsIgnoreCase("ISOLATED")) {
          position.error("mt", "must be CROSSED or ISOLATED");
        }
        BigDecimal isolatedWallet = position.optionalDecimal("iw", false, FieldReader.MAX_SCALE);
        BigDecimal unrealized = position.requiredDecimal("up", true, FieldReader.MAX_SCALE);
        BigDecimal maintenance = position.requiredDecimal("mm", false, FieldReader.MAX_SCALE);
        positions.add(
            new BinanceEvent.Position(
                symbol,
                "ISOLATED".equalsIgnoreCase(marginType),
                isolatedWallet,
                unrealized,
                maintenance));
      }
    }
    fields.throwIfErrors();
    return new BinanceEvent.MarginCall(alias, eventTime, crossWallet, positions);
  }

  private static BinanceEvent.AccountUpdate accountUpdate(FieldReader fields, ClockSkew clock) {
    Long eventTime = eventTime(fields, clock);
    Long transactionTime = fields.optionalEpochMillis("T");
    String alias = fields.requiredString("i", MAX_ALIAS_LENGTH);
    JsonNode update = fields.requiredObject("a");
    List<BinanceEvent.Balance> balances = new ArrayList<>();
    if (update != null) {
      FieldReader data = fields.nested(update, "a");
      JsonNode array = data.requiredArray("B");
      if (array != null) {
        for (int i = 0; i < array.size(); i++) {
          JsonNode item = array.get(i);
          if (!item.isObject()) {
            data.error("B[" + i + "]", "must be an object");
            continue;
          }
          FieldReader balance = data.nested(item, "B[" + i + "]");
          String asset = balance.requiredString("a", 16);
          BigDecimal wallet = balance.requiredDecimal("wb", false, FieldReader.MAX_SCALE);
          balances.add(new BinanceEvent.Balance(asset, wallet));
        }
      }
    }
    fields.throwIfErrors();
    return new BinanceEvent.AccountUpdate(alias, eventTime, transactionTime, balances);
  }

  /** {@code E} becomes the snapshot's asOf, so it is held to the same clock skew. */
  private static Long eventTime(FieldReader fields, ClockSkew clock) {
    Long eventTime = fields.requiredEpochMillis("E");
    clock.check(fields, "E", eventTime == null ? null : Instant.ofEpochMilli(eventTime));
    return eventTime;
  }
}
