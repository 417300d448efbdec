package dev.pep.csv;

import java.util.List;
import java.util.Locale;

/**
 * The columns of a purchase-event CSV, with the header names of the UCI "Online Retail" file and
 * the other names known exports use for them (Online Retail II: {@code Invoice}, {@code Price},
 * {@code Customer ID}). They are the fields of the event schema ({@code EventSchema}) read from a
 * file, in its order (csv cannot depend on event: EventSchemaTest holds the two together).
 */
public enum Column {
  INVOICE_NO("InvoiceNo", "Invoice"),
  STOCK_CODE("StockCode"),
  DESCRIPTION("Description"),
  QUANTITY("Quantity"),
  INVOICE_DATE("InvoiceDate"),
  UNIT_PRICE("UnitPrice", "Price"),
  CUSTOMER_ID("CustomerID"),
  COUNTRY("Country");

  private final String header;
  private final List<String> names;

  Column(String header, String... aliases) {
    this.header = header;
    this.names =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of(header), List.of(aliases).stream())
            .map(Column::normalize)
            .toList();
  }

  /** The UCI header names of every column, in the UCI file's order. */
  public static java.util.List<String> headers() {
    return java.util.Arrays.stream(values()).map(Column::header).toList();
  }

  /** The name of this column in the UCI file's header. */
  public String header() {
    return header;
  }

  /** The column whose UCI name is {@code header} exactly, or null. */
  public static Column ofHeader(String header) {
    for (Column c : values()) {
      if (c.header.equals(header)) {
        return c;
      }
    }
    return null;
  }

  /**
   * The column a header name means, or null: case, spaces and underscores do not count, so {@code
   * Customer ID} and {@code customer_id} are {@code CustomerID}.
   */
  static Column byHeader(String name) {
    String n = normalize(name);
    for (Column c : values()) {
      if (c.names.contains(n)) {
        return c;
      }
    }
    return null;
  }

  static String normalize(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (ch != ' ' && ch != '_' && ch != '\uFEFF') {
        sb.append(ch);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }
}
