package dev.pep.event;

import static dev.pep.event.EventSchema.Field.COUNTRY;
import static dev.pep.event.EventSchema.Field.CUSTOMER_ID;
import static dev.pep.event.EventSchema.Field.DESCRIPTION;
import static dev.pep.event.EventSchema.Field.EVENT_ID;
import static dev.pep.event.EventSchema.Field.INVOICE_DATE;
import static dev.pep.event.EventSchema.Field.INVOICE_NO;
import static dev.pep.event.EventSchema.Field.QUANTITY;
import static dev.pep.event.EventSchema.Field.SOURCE_FILE;
import static dev.pep.event.EventSchema.Field.SOURCE_LINE;
import static dev.pep.event.EventSchema.Field.STOCK_CODE;
import static dev.pep.event.EventSchema.Field.UNIT_PRICE;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pep.event.EventSchema.Field;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The JSON form of an event, as sent to Kafka: the fields of {@link EventSchema}, in its order and
 * with its names (documented in the README, "Event schema"). Writing is thread-confined per
 * instance; reading is thread-safe.
 */
public final class EventJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  // Each field's name as it is written before its value, e.g. {"event_id": and ,"invoice_no":
  private static final byte[] F_EVENT_ID = name(EVENT_ID);
  private static final byte[] F_INVOICE_NO = name(INVOICE_NO);
  private static final byte[] F_STOCK_CODE = name(STOCK_CODE);
  private static final byte[] F_DESCRIPTION = name(DESCRIPTION);
  private static final byte[] F_QUANTITY = name(QUANTITY);
  private static final byte[] F_INVOICE_DATE = name(INVOICE_DATE);
  private static final byte[] F_UNIT_PRICE = name(UNIT_PRICE);
  private static final byte[] F_CUSTOMER_ID = name(CUSTOMER_ID);
  private static final byte[] F_COUNTRY = name(COUNTRY);
  private static final byte[] F_SOURCE_FILE = name(SOURCE_FILE);
  private static final byte[] F_SOURCE_LINE = name(SOURCE_LINE);
  private static final byte[] END = {'}'};
  private static final int PRICES_KEPT = 8192;

  /** The reader's way from a JSON name to its field. */
  private static final Map<String, Field> BY_NAME = byName();

  private final JsonBytes out = new JsonBytes();
  // Rows of one invoice share a date, and a file's rows its name: their JSON is made once.
  private OffsetDateTime lastDate;
  private byte[] lastDateJson;
  private String lastFile;
  private byte[] lastFileJson;
  // A file has few distinct prices (the UCI file 1,630 in 541,909 rows): each one's text is made
  // once, not once per row. Bounded: cleared when full.
  private final Map<BigDecimal, byte[]> priceJson = new HashMap<>();

  /**
   * The first field opens the object: written out of the schema's order, the JSON is not even
   * well-formed, and EventSchemaTest says so.
   */
  private static byte[] name(Field f) {
    String before = f.ordinal() == 0 ? "{" : ",";
    return (before + '"' + f.json() + "\":").getBytes(StandardCharsets.US_ASCII);
  }

  private static Map<String, Field> byName() {
    Map<String, Field> m = new HashMap<>();
    for (Field f : Field.values()) {
      m.put(f.json(), f);
    }
    return Map.copyOf(m);
  }

  /** Serializes {@code e} to UTF-8 JSON, fields in the order of {@link EventSchema.Field}. */
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
    o.raw(priceJson(e.unitPrice()));
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

  private byte[] priceJson(BigDecimal price) {
    byte[] json = priceJson.get(price); // equal only with the same scale: "2.1" is not "2.10"
    if (json == null) {
      if (priceJson.size() >= PRICES_KEPT) {
        priceJson.clear();
      }
      json = price.toString().getBytes(StandardCharsets.US_ASCII);
      priceJson.put(price, json);
    }
    return json;
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
    return new Reader().read(json);
  }

  /**
   * The UTF-8 bytes of the event id in {@code json} (an event's value), or null when it holds none
   * (not a JSON object, no {@code event_id} string). pep's own JSON is read up to the id only, so
   * counting the ids of a topic costs little more than reading it; anything else is parsed.
   */
  public static byte[] eventIdBytes(byte[] json) {
    if (json == null) {
      return null;
    }
    int start = F_EVENT_ID.length + 1;
    if (json.length > start
        && json[start - 1] == '"'
        && Arrays.equals(json, 0, F_EVENT_ID.length, F_EVENT_ID, 0, F_EVENT_ID.length)) {
      for (int i = start; i < json.length; i++) {
        if (json[i] == '"') {
          return Arrays.copyOfRange(json, start, i);
        }
        if (json[i] == '\\') {
          break; // an escape: let the parser decode it
        }
      }
    }
    try (JsonParser in = FACTORY.createParser(json)) {
      if (in.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        boolean id = EVENT_ID.json().equals(in.currentName());
        JsonToken t = in.nextToken();
        if (id) {
          return t == JsonToken.VALUE_STRING ? in.getText().getBytes(StandardCharsets.UTF_8) : null;
        }
        in.skipChildren();
      }
      return null;
    } catch (IOException notJson) {
      return null;
    }
  }

  /**
   * Reads events back, on one thread at a time: the consumer's hot path. Rows of one invoice share
   * a date, which is parsed once for the run of rows that repeat it.
   */
  public static final class Reader {
    // pep's own JSON, read without a general parser; anything else falls through to the parser.
    private final ExactShapeReader exact = new ExactShapeReader();
    private String lastDateText;
    private OffsetDateTime lastDate;

    /** As {@link EventJson#read}. */
    public PurchaseEvent read(byte[] json) {
      PurchaseEvent e = exact.read(json);
      return e != null ? e : parse(json, this);
    }

    private OffsetDateTime date(String text) {
      if (!text.equals(lastDateText)) {
        lastDate = OffsetDateTime.parse(text);
        lastDateText = text;
      }
      return lastDate;
    }
  }

  private static PurchaseEvent parse(byte[] json, Reader reader) {
    // A streaming parse: about three times faster than building a tree, on the consumer's hot path.
    try (JsonParser in = FACTORY.createParser(json)) {
      if (in.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      String eventId = null;
      String invoiceNo = null;
      String stockCode = null;
      String description = null;
      Integer quantity = null;
      String invoiceDate = null;
      BigDecimal unitPrice = null;
      String customerId = null;
      String country = null;
      String sourceFile = null;
      Long sourceLine = null;
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        Field field = BY_NAME.get(in.currentName());
        JsonToken t = in.nextToken();
        if (field == null) {
          in.skipChildren(); // a field of a later version
          continue;
        }
        if (t == JsonToken.VALUE_NULL) {
          continue;
        }
        switch (field) {
          case EVENT_ID -> eventId = in.getText();
          case INVOICE_NO -> invoiceNo = in.getText();
          case STOCK_CODE -> stockCode = in.getText();
          case DESCRIPTION -> description = in.getText();
          case QUANTITY -> quantity = in.getValueAsInt();
          case INVOICE_DATE -> invoiceDate = in.getText();
          case UNIT_PRICE -> unitPrice = new BigDecimal(in.getText());
          case CUSTOMER_ID -> customerId = in.getText();
          case COUNTRY -> country = in.getText();
          case SOURCE_FILE -> sourceFile = in.getText();
          case SOURCE_LINE -> sourceLine = in.getValueAsLong();
        }
      }
      return new PurchaseEvent(
          present(eventId, EVENT_ID),
          present(invoiceNo, INVOICE_NO),
          present(stockCode, STOCK_CODE),
          present(description, DESCRIPTION),
          present(quantity, QUANTITY),
          reader.date(present(invoiceDate, INVOICE_DATE)),
          present(unitPrice, UNIT_PRICE),
          present(customerId, CUSTOMER_ID),
          present(country, COUNTRY),
          new SourcePosition(present(sourceFile, SOURCE_FILE), present(sourceLine, SOURCE_LINE)));
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    } catch (NumberFormatException | java.time.DateTimeException e) {
      throw new IllegalArgumentException("a malformed field: " + e.getMessage(), e);
    }
  }

  /** {@code value}, or an error when it is absent (missing or null) and the schema requires it. */
  private static <T> T present(T value, Field field) {
    if (value == null && !field.nullable()) {
      throw new IllegalArgumentException("field " + field.json() + " is missing");
    }
    return value;
  }
}
