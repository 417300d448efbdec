package dev.pep.event;

import dev.pep.csv.Column;
import dev.pep.csv.ColumnLayout;
import dev.pep.csv.CsvLayout;
import dev.pep.csv.DateLayout;
import dev.pep.csv.DateText;
import dev.pep.csv.RawRecord;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;

/**
 * Turns raw CSV records of one file into {@link PurchaseEvent}s, or throws {@link BadRowException}
 * saying which column held what and what was expected. Missing-value tokens ({@code NA}) are null
 * in optional columns and rejected in required ones; dates follow the file's {@link DateLayout}
 * (numeric layouts row by row, read without exceptions for good rows, or one java.time pattern). A
 * last record cut off by the end of the file, or swallowed by an unclosed quote, is rejected as
 * such. Not thread-safe (it caches the last date).
 */
public final class EventParser {
  private final SourceIdentity identity;
  private final ColumnLayout layout;
  private final String separator; // to show a cut-off line as it was written
  private final DateTimeFormatter dateFormat; // null: the numeric layouts of DateText
  private final DateLayout.Order dateOrder;
  private final String dateExpected;
  private final String[] missing; // besides the empty text
  private final ZoneId zone;
  private final int[] dateNumbers = new int[DateText.SLOTS];
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

  /** A parser for a file with the UCI layout's dates in {@code datePattern} (java.time). */
  public EventParser(
      SourceIdentity identity, ColumnLayout layout, String datePattern, ZoneId zone) {
    this(identity, layout, ',', DateLayout.explicit(datePattern), CsvLayout.MISSING_VALUES, zone);
  }

  /** A parser for a file in {@code layout} (see {@link dev.pep.csv.LayoutDetector}). */
  public EventParser(SourceIdentity identity, CsvLayout layout, ZoneId zone) {
    this(
        identity,
        layout.columns(),
        layout.separator(),
        layout.dates(),
        layout.missingValues(),
        zone);
  }

  private EventParser(
      SourceIdentity identity,
      ColumnLayout layout,
      char separator,
      DateLayout dates,
      List<String> missingValues,
      ZoneId zone) {
    this.identity = identity;
    this.layout = layout;
    this.separator = String.valueOf(separator);
    this.dateFormat = dates.isExplicit() ? strictFormatter(dates.pattern()) : null;
    this.dateOrder = dates.order();
    this.dateExpected = dates.expected();
    this.missing = missingValues.stream().filter(v -> !v.isEmpty()).toArray(String[]::new);
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
    if (record.end() == RawRecord.End.OPEN_QUOTE) {
      throw new BadRowException(
          new Reject(
              Reject.Kind.UNTERMINATED_QUOTE,
              at,
              null,
              null,
              "has an unterminated quote: the file ends inside a quoted field of this record",
              f));
    }
    if (f.size() != layout.fieldCount()) {
      throw new BadRowException(fieldCountReject(record, at));
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

  private Reject fieldCountReject(RawRecord record, SourcePosition at) {
    List<String> f = record.fields();
    int expected = layout.fieldCount();
    if (record.end() == RawRecord.End.END_OF_FILE && f.size() < expected) {
      return new Reject(
          Reject.Kind.TRUNCATED_LAST_LINE,
          at,
          null,
          String.join(separator, f),
          "is cut off: the file ends after "
              + f.size()
              + " of "
              + expected
              + " fields, without a line break",
          f);
    }
    if (f.size() == 1 && f.get(0).isEmpty()) {
      return new Reject(Reject.Kind.EMPTY_LINE, at, null, null, "is an empty line", f);
    }
    return new Reject(
        Reject.Kind.FIELD_COUNT,
        at,
        null,
        null,
        "has " + f.size() + " fields, expected " + expected + " as in the header",
        f);
  }

  private boolean isMissing(String v) {
    if (v.isEmpty()) {
      return true;
    }
    for (String m : missing) {
      if (m.equals(v)) {
        return true;
      }
    }
    return false;
  }

  private String optional(String v) {
    return isMissing(v) ? null : v;
  }

  private String required(List<String> f, int i, Column c, SourcePosition at) {
    String v = f.get(i);
    if (v.isBlank()) {
      throw reject(at, c, v, "is empty; a value is required", f);
    }
    if (isMissing(v)) {
      throw reject(at, c, v, "marks a missing value; a value is required", f);
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
    LocalDateTime local;
    if (dateFormat != null) {
      try {
        local = LocalDateTime.parse(v, dateFormat);
      } catch (DateTimeParseException e) {
        throw reject(at, Column.INVOICE_DATE, v, "is not a date in " + dateExpected, f);
      }
    } else {
      local = numericDate(v, f, at);
    }
    OffsetDateTime d = local.atZone(zone).toOffsetDateTime();
    lastDateText = v;
    lastDate = d;
    return d;
  }

  /** Reads a numeric date without exceptions for good rows (see {@link DateText}). */
  private LocalDateTime numericDate(String v, List<String> f, SourcePosition at) {
    int[] n = dateNumbers;
    int kind = DateText.lex(v, n);
    int year;
    int month;
    int day;
    if (kind == DateText.ISO) {
      year = n[0];
      month = n[1];
      day = n[2];
    } else if (kind == DateText.SLASH) {
      year = n[DateText.YEAR_DIGITS] == 2 ? 2000 + n[2] : n[2];
      boolean dayFirst =
          switch (dateOrder) {
            case MONTH_FIRST -> false;
            case DAY_FIRST -> true;
            case EITHER -> {
              if (n[0] <= 12 && n[1] <= 12 && n[0] != n[1]) {
                throw reject(
                    at,
                    Column.INVOICE_DATE,
                    v,
                    "is ambiguous: this file has day-first and month-first dates, and both"
                        + " numbers are 12 or less",
                    f);
              }
              yield n[0] > 12;
            }
          };
      month = dayFirst ? n[1] : n[0];
      day = dayFirst ? n[0] : n[1];
    } else {
      throw reject(at, Column.INVOICE_DATE, v, "is not " + dateExpected, f);
    }
    if (month < 1
        || month > 12
        || day < 1
        || day > Month.of(month).length(Year.isLeap(year))
        || n[3] > 23
        || n[4] > 59
        || n[5] > 59) {
      throw reject(at, Column.INVOICE_DATE, v, "is not " + dateExpected, f);
    }
    return LocalDateTime.of(year, month, day, n[3], n[4], n[5]);
  }

  private String customerId(List<String> f, SourcePosition at) {
    String v = f.get(customerId);
    if (isMissing(v)) {
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
