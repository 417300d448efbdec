package dev.pep.aggregate;

import dev.pep.event.PurchaseEvent;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The three aggregates {@code pep aggregate} keeps, each in its own compacted output topic {@code
 * <events topic>.agg.<name>}. A key names the aggregate's group and its calendar window (a day or
 * month of the invoice date, in the zone the event carries), joined by {@code |}; the JSON value
 * repeats them as fields, so a reader never has to split a key.
 */
public enum Aggregate {
  /**
   * Revenue, quantity, lines and distinct invoices per country and day; key {@code
   * country|yyyy-MM-dd}.
   */
  COUNTRY_DAY("country-day"),
  /**
   * Revenue, quantity and lines per stock code and month, with its description; key {@code
   * stock_code|yyyy-MM}.
   */
  PRODUCT_MONTH("product-month"),
  /**
   * Return lines (a negative quantity or a {@code C} invoice) per country and month: lines,
   * distinct invoices, quantity and value; key {@code country|yyyy-MM}.
   */
  RETURNS_COUNTRY_MONTH("returns-country-month");

  static final String SEPARATOR = "|";
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy-MM", Locale.ROOT);

  private final String name;

  Aggregate(String name) {
    this.name = name;
  }

  /** The short name, e.g. {@code country-day}: the store's and the topic's suffix. */
  public String label() {
    return name;
  }

  /** The output topic of this aggregate for events topic {@code topic}. */
  public String topic(String eventsTopic) {
    return eventsTopic + ".agg." + name;
  }

  /** True when {@code e} counts in this aggregate. */
  boolean counts(PurchaseEvent e) {
    return this != RETURNS_COUNTRY_MONTH || isReturn(e);
  }

  /** A return line: a negative quantity or a cancellation invoice. */
  static boolean isReturn(PurchaseEvent e) {
    return e.quantity() < 0 || e.invoiceNo().startsWith("C");
  }

  /** The group and window of {@code e} in this aggregate, as its key. */
  String key(PurchaseEvent e) {
    // The local date and time as written in the file, with the zone's offset: the calendar day
    // and month are those of the zone the event was read in.
    return switch (this) {
      case COUNTRY_DAY -> e.country() + SEPARATOR + e.invoiceDate().toLocalDate();
      case PRODUCT_MONTH ->
          e.stockCode() + SEPARATOR + MONTH.format(YearMonth.from(e.invoiceDate()));
      case RETURNS_COUNTRY_MONTH ->
          e.country() + SEPARATOR + MONTH.format(YearMonth.from(e.invoiceDate()));
    };
  }
}
