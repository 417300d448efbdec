package dev.pep.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The JSON form of an event, as sent to Kafka. Field names and types are documented in the README
 * ("Event schema"). Writing is thread-confined per instance; reading is thread-safe.
 */
public final class EventJson {
  public static final String EVENT_ID = "event_id";
  public static final String INVOICE_NO = "invoice_no";
  public static final String STOCK_CODE = "stock_code";
  public static final String DESCRIPTION = "description";
  public static final String QUANTITY = "quantity";
  public static final String INVOICE_DATE = "invoice_date";
  public static final String UNIT_PRICE = "unit_price";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String COUNTRY = "country";
  public static final String SOURCE_FILE = "source_file";
  public static final String SOURCE_LINE = "source_line";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          // A price keeps its scale: 27.50 stays 27.50.
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);
  private OffsetDateTime lastDate;
  private String lastDateText;

  /** Serializes {@code e} to UTF-8 JSON. */
  public byte[] write(PurchaseEvent e) {
    buffer.reset();
    try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
      g.writeStartObject();
      g.writeStringField(EVENT_ID, e.eventId());
      g.writeStringField(INVOICE_NO, e.invoiceNo());
      g.writeStringField(STOCK_CODE, e.stockCode());
      g.writeStringField(DESCRIPTION, e.description());
      g.writeNumberField(QUANTITY, e.quantity());
      g.writeStringField(INVOICE_DATE, dateText(e.invoiceDate()));
      g.writeFieldName(UNIT_PRICE);
      g.writeNumber(e.unitPrice());
      g.writeStringField(CUSTOMER_ID, e.customerId());
      g.writeStringField(COUNTRY, e.country());
      g.writeStringField(SOURCE_FILE, e.source().file());
      g.writeNumberField(SOURCE_LINE, e.source().line());
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return buffer.toByteArray();
  }

  private String dateText(OffsetDateTime d) {
    if (d != lastDate) {
      lastDate = d;
      lastDateText = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(d);
    }
    return lastDateText;
  }

  /**
   * Reads an event back from its JSON form; throws {@link IllegalArgumentException} saying which
   * field is missing or malformed.
   */
  public static PurchaseEvent read(byte[] json) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return new PurchaseEvent(
        text(n, EVENT_ID),
        text(n, INVOICE_NO),
        text(n, STOCK_CODE),
        text(n, DESCRIPTION),
        field(n, QUANTITY).asInt(),
        OffsetDateTime.parse(text(n, INVOICE_DATE)),
        field(n, UNIT_PRICE).decimalValue(),
        text(n, CUSTOMER_ID),
        text(n, COUNTRY),
        new SourcePosition(text(n, SOURCE_FILE), field(n, SOURCE_LINE).asLong()));
  }

  private static JsonNode field(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("field " + name + " is missing");
    }
    return v;
  }

  private static String text(JsonNode n, String name) {
    JsonNode v = n.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }
}
