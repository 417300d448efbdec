package dev.pep.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

  private static final byte[] F_EVENT_ID = field("{", EVENT_ID);
  private static final byte[] F_INVOICE_NO = field(",", INVOICE_NO);
  private static final byte[] F_STOCK_CODE = field(",", STOCK_CODE);
  private static final byte[] F_DESCRIPTION = field(",", DESCRIPTION);
  private static final byte[] F_QUANTITY = field(",", QUANTITY);
  private static final byte[] F_INVOICE_DATE = field(",", INVOICE_DATE);
  private static final byte[] F_UNIT_PRICE = field(",", UNIT_PRICE);
  private static final byte[] F_CUSTOMER_ID = field(",", CUSTOMER_ID);
  private static final byte[] F_COUNTRY = field(",", COUNTRY);
  private static final byte[] F_SOURCE_FILE = field(",", SOURCE_FILE);
  private static final byte[] F_SOURCE_LINE = field(",", SOURCE_LINE);
  private static final byte[] END = {'}'};

  private final JsonBytes out = new JsonBytes();
  // Rows of one invoice share a date, and a file's rows its name: their JSON is made once.
  private OffsetDateTime lastDate;
  private byte[] lastDateJson;
  private String lastFile;
  private byte[] lastFileJson;

  private static byte[] field(String before, String name) {
    return (before + '"' + name + "\":").getBytes(StandardCharsets.US_ASCII);
  }

  /** Serializes {@code e} to UTF-8 JSON, fields in the documented order. */
  public byte[] write(PurchaseEvent e) {
    JsonBytes o = out;
    o.reset();
    o.raw(F_EVENT_ID);
    o.string(e.eventId());
    o.raw(F_INVOICE_NO);
    o.string(e.invoiceNo());
    o.raw(F_STOCK_CODE);
    o.string(e.stockCode());
    o.raw(F_DESCRIPTION);
    o.string(e.description());
    o.raw(F_QUANTITY);
    o.number(e.quantity());
    o.raw(F_INVOICE_DATE);
    o.raw(dateJson(e.invoiceDate()));
    o.raw(F_UNIT_PRICE);
    o.ascii(e.unitPrice().toString());
    o.raw(F_CUSTOMER_ID);
    o.string(e.customerId());
    o.raw(F_COUNTRY);
    o.string(e.country());
    o.raw(F_SOURCE_FILE);
    o.raw(fileJson(e.source().file()));
    o.raw(F_SOURCE_LINE);
    o.number(e.source().line());
    o.raw(END);
    return o.toByteArray();
  }

  private byte[] dateJson(OffsetDateTime d) {
    if (!d.equals(lastDate)) {
      lastDate = d;
      lastDateJson = json(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(d));
    }
    return lastDateJson;
  }

  private byte[] fileJson(String file) {
    if (!file.equals(lastFile)) {
      lastFile = file;
      lastFileJson = json(file);
    }
    return lastFileJson;
  }

  private static byte[] json(String s) {
    JsonBytes b = new JsonBytes();
    b.string(s);
    return b.toByteArray();
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
