package dev.pep.sink;

import dev.pep.event.EventBytes;
import dev.pep.event.EventSchema;
import dev.pep.event.EventSchema.Field;
import dev.pep.event.PurchaseEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * Rows in COPY's binary format: the server takes integers, timestamps and decimals as they are
 * stored instead of parsing their text (about a sixth of the server's work for a batch, measured in
 * docs/benchmarks/consume-vs-copy.md). Each field is its length (-1 for null) and its bytes: text
 * as UTF-8 (the driver's client encoding, converted by the server like text COPY), integer and
 * bigint big-endian, timestamptz as microseconds since 2000-01-01 UTC, numeric as base-10000
 * digits. A value that repeats the last row's (invoice, customer, country, file) is encoded once
 * for the run of rows that share it.
 */
final class CopyBinary {
  private static final int BLOCK = 64 * 1024;
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };

  /** Seconds from 1970-01-01 to PostgreSQL's epoch, 2000-01-01 UTC. */
  private static final long PG_EPOCH_SECONDS = 946_684_800L;

  private static final short NUMERIC_NEG = 0x4000;
  private static final short COLUMNS = (short) EventSchema.STORED_COLUMNS.size();

  /** Where full blocks go: the {@code COPY}'s stream. */
  @FunctionalInterface
  interface Out {
    void write(byte[] b, int off, int len) throws SQLException;
  }

  private final Out copy;
  private byte[] buf = new byte[BLOCK + 4096];
  private int len;
  // Fields that repeat from row to row (an invoice's rows, a file's): encoded once per run.
  private final Repeated invoiceNo = new Repeated();
  private final Repeated customerId = new Repeated();
  private final Repeated country = new Repeated();
  private final Repeated file = new Repeated();
  // An invoice's rows share its date (the reader hands it over as the same instance).
  private OffsetDateTime lastDate;
  private long lastMicros;
  // A file has few distinct prices (the UCI file 1,630 in 541,909 rows): each one's numeric
  // field is made once. Bounded: cleared when full.
  private final java.util.Map<BigDecimal, byte[]> priceFields = new java.util.HashMap<>();
  private static final int PRICES_KEPT = 8192;
  // A price's base-10000 digits, most significant first (a long has at most 5, the fraction 1).
  private final short[] digits = new short[6];

  CopyBinary(Out copy) {
    this.copy = copy;
    bytes(SIGNATURE);
    int32(0); // flags: no OIDs
    int32(0); // no header extension
  }

  /** One row, its values in the order of {@link EventSchema#STORED_COLUMNS}. */
  void row(StoredEvent se) throws SQLException {
    if (se.row() != null) {
      bytes(se.row()); // encoded by Rows from the record's value
    } else {
      event(se);
    }
    if (len >= BLOCK) {
      flush();
    }
  }

  private void event(StoredEvent se) {
    PurchaseEvent e = se.event();
    int16(COLUMNS);
    text(e.eventId());
    repeated(invoiceNo, e.invoiceNo());
    text(e.stockCode());
    text(e.description());
    int32(4).int32(e.quantity());
    int32(8).int64(micros(e.invoiceDate()));
    price(e.unitPrice());
    repeated(customerId, e.customerId());
    repeated(country, e.country());
    repeated(file, e.source().file());
    int32(8).int64(e.source().line());
    int32(4).int32(se.partition());
    int32(8).int64(se.offset());
  }

  /**
   * The row of the event {@code v} read, as {@link #event} writes it for the same event: the text
   * fields' bytes as they are in the JSON (printable ASCII, so their UTF-8), the numbers and date
   * as read. False, with nothing written, for a price the sink refuses ({@link
   * JdbcSink#priceRefusal}: more decimal places than the column, or too many digits), which the
   * event path then dead-letters with its reason.
   */
  boolean row(EventBytes v, int partition, long offset) {
    int scale = v.priceScale();
    if (scale > JdbcSink.PRICE_SCALE) {
      return false;
    }
    long unscaled;
    try {
      unscaled = Math.multiplyExact(v.priceUnscaled(), pow10(JdbcSink.PRICE_SCALE - scale));
    } catch (ArithmeticException tooLarge) {
      return false;
    }
    if (Math.abs(unscaled) >= pow10(JdbcSink.PRICE_PRECISION)) {
      return false;
    }
    int16(COLUMNS);
    text(v, Field.EVENT_ID);
    text(v, Field.INVOICE_NO);
    text(v, Field.STOCK_CODE);
    text(v, Field.DESCRIPTION);
    int32(4).int32(v.quantity());
    int32(8).int64(micros(v.invoiceDate()));
    numeric(unscaled);
    text(v, Field.CUSTOMER_ID);
    text(v, Field.COUNTRY);
    text(v, Field.SOURCE_FILE);
    int32(8).int64(v.sourceLine());
    int32(4).int32(partition);
    int32(8).int64(offset);
    return true;
  }

  private void text(EventBytes v, Field f) {
    int start = v.start(f);
    if (start < 0) {
      int32(-1);
      return;
    }
    int n = v.end(f) - start;
    int32(n);
    ensure(n);
    System.arraycopy(v.json(), start, buf, len, n);
    len += n;
  }

  /**
   * Encodes record values into rows ({@link Sink#rowEncoder}): pep's exact JSON, read in place by
   * {@link EventBytes}, straight into the bytes {@link #event} would write for its event, without
   * the event, a string per field, a {@code BigDecimal} or a date-time object per row. One thread.
   */
  static final class Rows implements Sink.RowEncoder {
    private final EventBytes view = new EventBytes();
    private final CopyBinary out = new CopyBinary(null);

    Rows() {
      out.len = 0; // rows only: the COPY that sends them writes its own header
    }

    @Override
    public byte[] encode(byte[] json, int partition, long offset) {
      if (json == null || !view.read(json) || !out.row(view, partition, offset)) {
        return null;
      }
      byte[] row = Arrays.copyOf(out.buf, out.len);
      out.len = 0;
      return row;
    }
  }

  /** The trailer, and whatever is left of the last block. */
  void end() throws SQLException {
    int16((short) -1);
    flush();
  }

  /** Sends what is buffered now (tests: to see a row's bytes as the COPY gets them). */
  void flushForTest() throws SQLException {
    flush();
  }

  private void flush() throws SQLException {
    if (len > 0) {
      copy.write(buf, 0, len);
      len = 0;
    }
  }

  private long micros(OffsetDateTime d) {
    if (d != lastDate) {
      lastMicros = epochMicros(d);
      lastDate = d;
    }
    return lastMicros;
  }

  /**
   * A price's numeric field, made once per distinct price ({@code BigDecimal.equals}: the same
   * digits at the same scale, so the same field).
   */
  private void price(BigDecimal price) {
    byte[] field = priceFields.get(price);
    if (field == null) {
      int start = len;
      numeric(price);
      field = Arrays.copyOfRange(buf, start, len);
      if (priceFields.size() >= PRICES_KEPT) {
        priceFields.clear();
      }
      priceFields.put(price, field);
      return;
    }
    bytes(field);
  }

  static long epochMicros(OffsetDateTime d) {
    return (d.toEpochSecond() - PG_EPOCH_SECONDS) * 1_000_000L + d.getNano() / 1_000;
  }

  /**
   * A decimal as PostgreSQL's numeric: base-10000 digits, the weight of the first (its power of
   * 10000), the sign and the scale shown. Written at unit_price's scale, which the sinks refuse
   * prices beyond ({@link JdbcSink#priceRefusal}), so the unscaled value fits a long.
   */
  private void numeric(BigDecimal price) {
    numeric(price.setScale(JdbcSink.PRICE_SCALE).unscaledValue().longValueExact());
  }

  /** As {@link #numeric(BigDecimal)}, the price given as its digits at unit_price's scale. */
  private void numeric(long unscaled) {
    short sign = unscaled < 0 ? NUMERIC_NEG : 0;
    long abs = Math.abs(unscaled);
    long whole = abs;
    long fraction = 0;
    for (int i = 0; i < JdbcSink.PRICE_SCALE; i++) {
      fraction += (whole % 10) * pow10(i);
      whole /= 10;
    }
    // The scale's digits, left-aligned in one base-10000 digit (PRICE_SCALE <= 4).
    short fractionDigit = (short) (fraction * pow10(4 - JdbcSink.PRICE_SCALE));
    short[] digits = this.digits;
    int n = 0;
    for (long w = whole; w > 0; w /= 10_000) {
      digits[n++] = (short) (w % 10_000);
    }
    short weight = (short) (n - 1);
    // Most significant first; then the fraction, trailing zero digits dropped as the server does.
    for (int i = 0, j = n - 1; i < j; i++, j--) {
      short t = digits[i];
      digits[i] = digits[j];
      digits[j] = t;
    }
    if (fractionDigit != 0) {
      digits[n++] = fractionDigit;
    }
    while (n > 0 && digits[n - 1] == 0) {
      n--;
    }
    if (n == 0) {
      weight = 0;
      sign = 0;
    }
    int32(8 + 2 * n);
    int16((short) n).int16(weight).int16(sign).int16((short) JdbcSink.PRICE_SCALE);
    for (int i = 0; i < n; i++) {
      int16(digits[i]);
    }
  }

  private static long pow10(int n) {
    long p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }

  /**
   * A text field whose value often repeats the last row's: its encoded field (length and bytes) is
   * kept and copied again while it does. The reader hands repeats over as the same instance, which
   * {@code equals} answers first.
   */
  private void repeated(Repeated last, String v) {
    if (v != null && v.equals(last.value)) {
      bytes(last.field);
      return;
    }
    int start = len;
    text(v);
    last.value = v;
    last.field = v == null ? null : Arrays.copyOfRange(buf, start, len);
  }

  /** The last value of a repeated field, and its encoded field. */
  private static final class Repeated {
    String value;
    byte[] field;
  }

  /**
   * A text field: its length, then its UTF-8 bytes (or -1 for null). {@link String#getBytes} of an
   * ASCII string is one array copy, cheaper than encoding it char by char.
   */
  private void text(String v) {
    if (v == null) {
      int32(-1);
      return;
    }
    byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
    int32(utf8.length);
    bytes(utf8);
  }

  private void bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  private CopyBinary int16(short v) {
    ensure(2);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
    return this;
  }

  private CopyBinary int32(int v) {
    ensure(4);
    putInt(len, v);
    len += 4;
    return this;
  }

  private void int64(long v) {
    int32((int) (v >>> 32));
    int32((int) v);
  }

  private void putInt(int at, int v) {
    buf[at] = (byte) (v >>> 24);
    buf[at + 1] = (byte) (v >>> 16);
    buf[at + 2] = (byte) (v >>> 8);
    buf[at + 3] = (byte) v;
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }
}
