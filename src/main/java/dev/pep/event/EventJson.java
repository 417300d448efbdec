package dev.pep.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
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

  private static final JsonFactory FACTORY = new JsonFactory();

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
    return new Reader().read(json);
  }

  /**
   * Reads events back, on one thread at a time: the consumer's hot path. Rows of one invoice share
   * a date, which is parsed once for the run of rows that repeat it.
   */
  public static final class Reader {
    private String lastDateText;
    private OffsetDateTime lastDate;

    /** As {@link EventJson#read}. */
    public PurchaseEvent read(byte[] json) {
      return parse(json, this);
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
        String name = in.currentName();
        JsonToken t = in.nextToken();
        if (t == JsonToken.VALUE_NULL) {
          continue;
        }
        switch (name) {
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
          default -> in.skipChildren();
        }
      }
      return new PurchaseEvent(
          required(eventId, EVENT_ID),
          invoiceNo,
          stockCode,
          description,
          required(quantity, QUANTITY),
          reader.date(required(invoiceDate, INVOICE_DATE)),
          required(unitPrice, UNIT_PRICE),
          customerId,
          country,
          new SourcePosition(sourceFile, required(sourceLine, SOURCE_LINE)));
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    } catch (NumberFormatException | java.time.DateTimeException e) {
      throw new IllegalArgumentException("a malformed field: " + e.getMessage(), e);
    }
  }

  private static <T> T required(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("field " + name + " is missing");
    }
    return value;
  }
}
