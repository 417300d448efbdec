package dev.pep.event;

import dev.pep.csv.Column;
import dev.pep.csv.ColumnLayout;
import dev.pep.csv.RawRecord;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;

/**
 * Turns raw CSV records of one file into {@link PurchaseEvent}s, or throws {@link BadRowException}
 * saying which column held what and what was expected. Not thread-safe (it caches the last date).
 */
public final class EventParser {
  private final SourceIdentity identity;
  private final ColumnLayout layout;
  private final DateTimeFormatter dateFormat;
  private final String datePattern;
  private final ZoneId zone;
  private final int invoiceNo;
  private final int stockCode;
  private final int description;
  private final int quantity;
  private final int invoiceDate;
  private final int unitPrice;
  private final int customerId;
  private final int country;

  // Rows of one invoice share its timestamp: parsing each distinct text once saves most of the
  // cost.
  private String lastDateText;
  private OffsetDateTime lastDate;

  public EventParser(
      SourceIdentity identity, ColumnLayout layout, String datePattern, ZoneId zone) {
    this.identity = identity;
    this.layout = layout;
    this.datePattern = datePattern;
    this.dateFormat = strictFormatter(datePattern);
    this.zone = zone;
    this.invoiceNo = layout.indexOf(Column.INVOICE_NO);
    this.stockCode = layout.indexOf(Column.STOCK_CODE);
    this.description = layout.indexOf(Column.DESCRIPTION);
    this.quantity = layout.indexOf(Column.QUANTITY);
    this.invoiceDate = layout.indexOf(Column.INVOICE_DATE);
    this.unitPrice = layout.indexOf(Column.UNIT_PRICE);
    this.customerId = layout.indexOf(Column.CUSTOMER_ID);
    this.country = layout.indexOf(Column.COUNTRY);
  }

  /**
   * A formatter that rejects impossible dates (2/30/2011) instead of moving them to the month's
   * end. STRICT needs the proleptic year 'u' where people write 'y' (year of era).
   */
  static DateTimeFormatter strictFormatter(String pattern) {
    StringBuilder p = new StringBuilder(pattern.length());
    boolean quoted = false;
    for (char ch : pattern.toCharArray()) {
      if (ch == '\'') {
        quoted = !quoted;
      }
      p.append(!quoted && ch == 'y' ? 'u' : ch);
    }
    return DateTimeFormatter.ofPattern(p.toString(), Locale.ROOT)
        .withResolverStyle(ResolverStyle.STRICT);
  }

  /** Parses one record; throws {@link BadRowException} for a row that is not a valid event. */
  public PurchaseEvent parse(RawRecord record) {
    List<String> f = record.fields();
    SourcePosition at = new SourcePosition(identity.fileName(), record.line());
    if (f.size() != layout.fieldCount()) {
      if (f.size() == 1 && f.get(0).isEmpty()) {
        throw reject(at, null, null, "is an empty line", f);
      }
      throw reject(
          at,
          null,
          null,
          "has " + f.size() + " fields, expected " + layout.fieldCount() + " as in the header",
          f);
    }
    return new PurchaseEvent(
        identity.eventId(record.line()),
        required(f, invoiceNo, Column.INVOICE_NO, at),
        required(f, stockCode, Column.STOCK_CODE, at),
        optional(f.get(description)),
        quantity(f, at),
        date(f, at),
        price(f, at),
        customerId(f, at),
        required(f, country, Column.COUNTRY, at),
        at);
  }

  private static String optional(String v) {
    return v.isEmpty() ? null : v;
  }

  private static String required(List<String> f, int i, Column c, SourcePosition at) {
    String v = f.get(i);
    if (v.isBlank()) {
      throw reject(at, c, v, "is empty; a value is required", f);
    }
    return v;
  }

  private int quantity(List<String> f, SourcePosition at) {
    String v = f.get(quantity);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw reject(at, Column.QUANTITY, v, "is not a whole number", f);
    }
  }

  private BigDecimal price(List<String> f, SourcePosition at) {
    String v = f.get(unitPrice);
    try {
      return new BigDecimal(v);
    } catch (NumberFormatException e) {
      throw reject(at, Column.UNIT_PRICE, v, "is not a decimal number", f);
    }
  }

  private OffsetDateTime date(List<String> f, SourcePosition at) {
    String v = f.get(invoiceDate);
    if (v.equals(lastDateText)) {
      return lastDate;
    }
    try {
      OffsetDateTime d = LocalDateTime.parse(v, dateFormat).atZone(zone).toOffsetDateTime();
      lastDateText = v;
      lastDate = d;
      return d;
    } catch (DateTimeParseException e) {
      throw reject(at, Column.INVOICE_DATE, v, "is not a date in the layout " + datePattern, f);
    }
  }

  private String customerId(List<String> f, SourcePosition at) {
    String v = f.get(customerId);
    if (v.isEmpty()) {
      return null;
    }
    // Exports through a spreadsheet write whole numbers as "17850.0".
    String digits = v.endsWith(".0") ? v.substring(0, v.length() - 2) : v;
    for (int i = 0; i < digits.length(); i++) {
      if (!Character.isDigit(digits.charAt(i))) {
        throw reject(at, Column.CUSTOMER_ID, v, "is not a whole number", f);
      }
    }
    return digits;
  }

  private static BadRowException reject(
      SourcePosition at, Column c, String value, String reason, List<String> fields) {
    return new BadRowException(
        new Reject(at, c == null ? null : c.header(), value, reason, fields));
  }
}
