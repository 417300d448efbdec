package dev.pep.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
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

  private static final SerializedString F_EVENT_ID = new SerializedString(EVENT_ID);
  private static final SerializedString F_INVOICE_NO = new SerializedString(INVOICE_NO);
  private static final SerializedString F_STOCK_CODE = new SerializedString(STOCK_CODE);
  private static final SerializedString F_DESCRIPTION = new SerializedString(DESCRIPTION);
  private static final SerializedString F_QUANTITY = new SerializedString(QUANTITY);
  private static final SerializedString F_INVOICE_DATE = new SerializedString(INVOICE_DATE);
  private static final SerializedString F_UNIT_PRICE = new SerializedString(UNIT_PRICE);
  private static final SerializedString F_CUSTOMER_ID = new SerializedString(CUSTOMER_ID);
  private static final SerializedString F_COUNTRY = new SerializedString(COUNTRY);
  private static final SerializedString F_SOURCE_FILE = new SerializedString(SOURCE_FILE);
  private static final SerializedString F_SOURCE_LINE = new SerializedString(SOURCE_LINE);

  private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);
  // One generator for every event (a stream of root values with no separator): creating a
  // generator per event cost more than writing the event.
  private final JsonGenerator generator;
  private OffsetDateTime lastDate;
  private String lastDateText;

  public EventJson() {
    try {
      generator = FACTORY.createGenerator(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    generator.setRootValueSeparator(null);
  }

  /** Serializes {@code e} to UTF-8 JSON. */
  public byte[] write(PurchaseEvent e) {
    JsonGenerator g = generator;
    try {
      g.writeStartObject();
      g.writeFieldName(F_EVENT_ID);
      g.writeString(e.eventId());
      g.writeFieldName(F_INVOICE_NO);
      g.writeString(e.invoiceNo());
      g.writeFieldName(F_STOCK_CODE);
      g.writeString(e.stockCode());
      g.writeFieldName(F_DESCRIPTION);
      g.writeString(e.description());
      g.writeFieldName(F_QUANTITY);
      g.writeNumber(e.quantity());
      g.writeFieldName(F_INVOICE_DATE);
      g.writeString(dateText(e.invoiceDate()));
      g.writeFieldName(F_UNIT_PRICE);
      g.writeNumber(e.unitPrice());
      g.writeFieldName(F_CUSTOMER_ID);
      g.writeString(e.customerId());
      g.writeFieldName(F_COUNTRY);
      g.writeString(e.country());
      g.writeFieldName(F_SOURCE_FILE);
      g.writeString(e.source().file());
      g.writeFieldName(F_SOURCE_LINE);
      g.writeNumber(e.source().line());
      g.writeEndObject();
      g.flush();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    byte[] bytes = buffer.toByteArray();
    buffer.reset();
    return bytes;
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
