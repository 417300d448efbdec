package dev.pep.csv;

import java.util.Locale;

/** The columns of a purchase-event CSV, with the header names of the UCI "Online Retail" file. */
public enum Column {
  INVOICE_NO("InvoiceNo"),
  STOCK_CODE("StockCode"),
  DESCRIPTION("Description"),
  QUANTITY("Quantity"),
  INVOICE_DATE("InvoiceDate"),
  UNIT_PRICE("UnitPrice"),
  CUSTOMER_ID("CustomerID"),
  COUNTRY("Country");

  private final String header;

  Column(String header) {
    this.header = header;
  }

  /** The name of this column in the UCI file's header. */
  public String header() {
    return header;
  }

  static Column byHeader(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (Column c : values()) {
      if (c.header.toLowerCase(Locale.ROOT).equals(n)) {
        return c;
      }
    }
    return null;
  }
}
