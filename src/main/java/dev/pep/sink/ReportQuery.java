package dev.pep.sink;

import static dev.pep.event.EventSchema.Field.COUNTRY;
import static dev.pep.event.EventSchema.Field.CUSTOMER_ID;
import static dev.pep.event.EventSchema.Field.INVOICE_NO;
import static dev.pep.event.EventSchema.Field.QUANTITY;
import static dev.pep.event.EventSchema.Field.UNIT_PRICE;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The end-of-run report's SQL over the events table, its column names from the event schema. */
final class ReportQuery {
  /** sum(quantity × unit_price), exact. */
  private static final String REVENUE =
      "sum(" + QUANTITY.column() + " * " + UNIT_PRICE.column() + ")";

  /** Rows, distinct invoices, customers and countries, quantity and revenue of table {@code %s}. */
  private static final String TOTALS =
      "SELECT count(*), count(DISTINCT "
          + INVOICE_NO.column()
          + "), count(DISTINCT "
          + CUSTOMER_ID.column()
          + "), count(DISTINCT "
          + COUNTRY.column()
          + "), coalesce(sum("
          + QUANTITY.column()
          + "), 0), coalesce("
          + REVENUE
          + ", 0) FROM %s";

  /** The five countries of highest revenue in table {@code %s}. */
  private static final String TOP_COUNTRIES =
      "SELECT "
          + COUNTRY.column()
          + ", "
          + REVENUE
          + " AS revenue FROM %s GROUP BY "
          + COUNTRY.column()
          + " ORDER BY revenue DESC, "
          + COUNTRY.column()
          + " LIMIT 5";

  private ReportQuery() {}

  /**
   * Queries {@code eventsTable} over {@code c}, as it stands (the caller picks the transaction).
   */
  static SinkReport run(Connection c, String eventsTable) throws SQLException {
    try (Statement s = c.createStatement()) {
      long rows;
      long invoices;
      long customers;
      long countries;
      long quantity;
      BigDecimal revenue;
      try (ResultSet rs = s.executeQuery(String.format(TOTALS, eventsTable))) {
        rs.next();
        rows = rs.getLong(1);
        invoices = rs.getLong(2);
        customers = rs.getLong(3);
        countries = rs.getLong(4);
        quantity = rs.getLong(5);
        revenue = rs.getBigDecimal(6);
      }
      List<SinkReport.CountryRevenue> top = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(String.format(TOP_COUNTRIES, eventsTable))) {
        while (rs.next()) {
          top.add(new SinkReport.CountryRevenue(rs.getString(1), rs.getBigDecimal(2)));
        }
      }
      return new SinkReport(rows, invoices, customers, countries, quantity, revenue, top);
    }
  }
}
