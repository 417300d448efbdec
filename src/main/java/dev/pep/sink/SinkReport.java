package dev.pep.sink;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a database sink holds, queried with SQL at the end of a run.
 *
 * @param revenue sum(quantity × unit_price), exact
 * @param topCountries the five countries with the highest revenue, highest first
 */
public record SinkReport(
    long rows,
    long distinctInvoices,
    long distinctCustomers,
    long distinctCountries,
    long totalQuantity,
    BigDecimal revenue,
    List<CountryRevenue> topCountries) {

  public SinkReport {
    topCountries = List.copyOf(topCountries);
  }

  public record CountryRevenue(String country, BigDecimal revenue) {}
}
