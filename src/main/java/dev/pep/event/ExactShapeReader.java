package dev.pep.event;

import dev.pep.event.EventSchema.Field;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * Reads an event whose JSON has exactly the shape {@link EventJson#write} gives it (every field in
 * the schema's order, no whitespace, strings of printable ASCII with nothing escaped, plain decimal
 * numbers, dates as {@code yyyy-MM-ddTHH:mm:ss} with {@code Z} or {@code ±HH:MM}) without a general
 * JSON parser: the consumer's hot path, where the parser, a string per field name and the date
 * formatter were most of the consuming thread's work. It answers null for anything else, even valid
 * JSON (escapes, non-ASCII text, fields in another order, a missing or null field, a value its
 * event refuses): the caller then reads those bytes with the general parser, whose verdict and
 * message stand, so this class never decides that a record is bad. One thread at a time.
 */
final class ExactShapeReader {
  private static final Field[] FIELDS = Field.values();

  /** Each field's name as written before its value: {"event_id": then ,"invoice_no": ... */
  private static final byte[][] NAMES = names();

  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  /** Thrown (without a stack) where the bytes leave the exact shape; never leaves this class. */
  private static final RuntimeException NOT_EXACT =
      new RuntimeException("not in the exact shape", null, false, false) {};

  private byte[] in;
  private int pos;

  // Rows of one invoice share its number, customer, date and country (a partition holds an
  // invoice's rows one after another), and most rows a file: each is made once for the run of
  // rows that repeat its bytes, and the sink can tell a repeat by the same instance.
  private final Repeated lastDate = new Repeated();
  private OffsetDateTime lastDateValue;
  private final RepeatedText invoiceNo = new RepeatedText();
  private final RepeatedText customerId = new RepeatedText();
  private final RepeatedText country = new RepeatedText();
  private final RepeatedText file = new RepeatedText();

  private static byte[][] names() {
    byte[][] n = new byte[FIELDS.length][];
    for (Field f : FIELDS) {
      String before = f.ordinal() == 0 ? "{" : ",";
      n[f.ordinal()] = (before + '"' + f.json() + "\":").getBytes(StandardCharsets.US_ASCII);
    }
    return n;
  }

  // Where the last scan found each text field's characters, as [start, end) in `in`; -1 for null.
  private final int[] starts = new int[FIELDS.length];
  private final int[] ends = new int[FIELDS.length];
  private long quantity;
  private OffsetDateTime date;
  private long priceUnscaled;
  private int priceScale;
  private long line;

  /** The event, or null when {@code json} is not in the exact shape (read it the general way). */
  PurchaseEvent read(byte[] json) {
    try {
      if (!scan(json)) {
        return null;
      }
      return new PurchaseEvent(
          text(Field.EVENT_ID),
          repeated(invoiceNo, Field.INVOICE_NO),
          text(Field.STOCK_CODE),
          text(Field.DESCRIPTION),
          (int) quantity,
          date,
          BigDecimal.valueOf(priceUnscaled, priceScale),
          repeated(customerId, Field.CUSTOMER_ID),
          repeated(country, Field.COUNTRY),
          new SourcePosition(repeated(file, Field.SOURCE_FILE), line));
    } catch (IllegalArgumentException refused) {
      // A value its event refuses: the general parser says why, in its words.
      return null;
    } finally {
      in = null;
    }
  }

  /**
   * Finds each field's value in {@code json}, or answers false when it is not in the exact shape or
   * holds a value an event refuses (an empty invoice number, stock code or country; a date out of
   * range): those are read the general way, which says why. The positions hold until the next scan;
   * {@link EventBytes} hands them out.
   */
  boolean scan(byte[] json) {
    in = json;
    pos = 0;
    try {
      fields();
      return true;
    } catch (DateTimeException refused) {
      return false;
    } catch (RuntimeException e) {
      if (e != NOT_EXACT) {
        throw e;
      }
      return false;
    }
  }

  private void fields() {
    name(Field.EVENT_ID);
    string(Field.EVENT_ID, false, false);
    name(Field.INVOICE_NO);
    string(Field.INVOICE_NO, false, true);
    name(Field.STOCK_CODE);
    string(Field.STOCK_CODE, false, true);
    name(Field.DESCRIPTION);
    string(Field.DESCRIPTION, true, false);
    name(Field.QUANTITY);
    quantity = integer(9);
    name(Field.INVOICE_DATE);
    date = parseDate();
    name(Field.UNIT_PRICE);
    decimal();
    name(Field.CUSTOMER_ID);
    string(Field.CUSTOMER_ID, true, false);
    name(Field.COUNTRY);
    string(Field.COUNTRY, false, true);
    name(Field.SOURCE_FILE);
    string(Field.SOURCE_FILE, false, false);
    name(Field.SOURCE_LINE);
    line = integer(18);
    if (pos != in.length - 1 || in[pos] != '}') {
      throw NOT_EXACT;
    }
  }

  /** Where the last scan found {@code f}'s characters ({@link EventBytes}); -1 for null. */
  int start(Field f) {
    return starts[f.ordinal()];
  }

  int end(Field f) {
    return ends[f.ordinal()];
  }

  byte[] json() {
    return in;
  }

  long quantity() {
    return quantity;
  }

  OffsetDateTime date() {
    return date;
  }

  long priceUnscaled() {
    return priceUnscaled;
  }

  int priceScale() {
    return priceScale;
  }

  long line() {
    return line;
  }

  /**
   * A string's place, or null where {@code nullable}; {@code required}: an event refuses it empty,
   * so an empty one is left to the general parser.
   */
  private void string(Field f, boolean nullable, boolean required) {
    int i = f.ordinal();
    if (nullable && isNull()) {
      starts[i] = -1;
      ends[i] = -1;
      return;
    }
    int start = stringStart();
    int end = stringEnd(start);
    if (required && end == start) {
      throw NOT_EXACT;
    }
    starts[i] = start;
    ends[i] = end;
  }

  private void name(Field f) {
    byte[] n = NAMES[f.ordinal()];
    int end = pos + n.length;
    if (end > in.length || !Arrays.equals(in, pos, end, n, 0, n.length)) {
      throw NOT_EXACT;
    }
    pos = end;
  }

  /** The last scan's text of {@code f}, or null. */
  private String text(Field f) {
    int start = start(f);
    if (start < 0) {
      return null;
    }
    // Printable ASCII only (stringEnd checked): ISO-8859-1 decodes it as UTF-8 would, by a copy.
    return new String(in, start, end(f) - start, StandardCharsets.ISO_8859_1);
  }

  private boolean isNull() {
    int end = pos + NULL.length;
    if (end <= in.length && Arrays.equals(in, pos, end, NULL, 0, NULL.length)) {
      pos = end;
      return true;
    }
    return false;
  }

  /** Where a string's characters begin, past its opening quote. */
  private int stringStart() {
    if (pos >= in.length || in[pos] != '"') {
      throw NOT_EXACT;
    }
    return pos + 1;
  }

  /**
   * Where the string that begins at {@code start} ends (its closing quote), leaving {@code pos}
   * past it; only printable ASCII other than a backslash may come before it.
   */
  private int stringEnd(int start) {
    byte[] b = in;
    for (int i = start; i < b.length; i++) {
      byte c = b[i];
      if (c == '"') {
        pos = i + 1;
        return i;
      }
      if (c < 0x20 || c == '\\') { // control characters, escapes and (as negative bytes) non-ASCII
        throw NOT_EXACT;
      }
    }
    throw NOT_EXACT;
  }

  /** As {@link #text}, the string of the last row again when its bytes repeat. */
  private String repeated(RepeatedText last, Field f) {
    int start = start(f);
    if (start < 0) {
      return null;
    }
    int end = end(f);
    if (!last.bytes.same(in, start, end)) {
      last.value = new String(in, start, end - start, StandardCharsets.ISO_8859_1);
    }
    return last.value;
  }

  private OffsetDateTime parseDate() {
    int start = stringStart();
    int end = stringEnd(start);
    if (!lastDate.same(in, start, end)) {
      OffsetDateTime d = null;
      try {
        d = IsoDate.parse(in, start, end);
      } finally {
        if (d == null) {
          lastDate.forget(); // the bytes are remembered already: never pair them with a stale value
        }
      }
      if (d == null) {
        throw NOT_EXACT;
      }
      lastDateValue = d;
    }
    return lastDateValue;
  }

  /**
   * A whole number of at most {@code maxDigits} digits (so it fits), optionally negative, with no
   * leading zero, followed by the next field's comma or the closing brace.
   */
  private long integer(int maxDigits) {
    byte[] b = in;
    int i = pos;
    boolean negative = i < b.length && b[i] == '-';
    if (negative) {
      i++;
    }
    int first = i;
    long v = 0;
    while (i < b.length && b[i] >= '0' && b[i] <= '9') {
      v = v * 10 + (b[i] - '0');
      i++;
    }
    int digits = i - first;
    if (digits == 0 || digits > maxDigits || (digits > 1 && b[first] == '0')) {
      throw NOT_EXACT;
    }
    pos = i;
    return negative ? -v : v;
  }

  /**
   * A decimal as written by {@link BigDecimal#toString} for a price: an optional minus, whole
   * digits (no leading zero), optionally a point and fraction digits, at most 18 digits in all; its
   * scale is the number of fraction digits written, as {@code new BigDecimal(text)} would give.
   */
  private void decimal() {
    byte[] b = in;
    int start = pos;
    long whole = integer(18);
    boolean negative = b[start] == '-';
    int wholeDigits = pos - start - (negative ? 1 : 0);
    long unscaled = Math.abs(whole);
    int scale = 0;
    if (pos < b.length && b[pos] == '.') {
      int i = pos + 1;
      while (i < b.length && b[i] >= '0' && b[i] <= '9') {
        unscaled = unscaled * 10 + (b[i] - '0');
        i++;
      }
      scale = i - pos - 1;
      if (scale == 0 || wholeDigits + scale > 18) {
        throw NOT_EXACT;
      }
      pos = i;
    }
    priceUnscaled = negative ? -unscaled : unscaled;
    priceScale = scale;
  }

  /** A text field's last bytes and the string made of them. */
  private static final class RepeatedText {
    final Repeated bytes = new Repeated();
    String value;
  }

  /** The bytes of the last value of a run of rows that repeat it. */
  private static final class Repeated {
    private byte[] bytes = new byte[32];
    private int length = -1;

    /** Whether {@code b[start, end)} are the remembered bytes; remembers them when not. */
    boolean same(byte[] b, int start, int end) {
      int n = end - start;
      if (n == length && Arrays.equals(b, start, end, bytes, 0, n)) {
        return true;
      }
      if (bytes.length < n) {
        bytes = new byte[n];
      }
      System.arraycopy(b, start, bytes, 0, n);
      length = n;
      return false;
    }

    void forget() {
      length = -1;
    }
  }
}
