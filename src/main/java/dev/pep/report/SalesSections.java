package dev.pep.report;

import static dev.pep.report.Html.count;
import static dev.pep.report.Html.money;

import java.util.List;

/**
 * The report's sections on what was sold, from the events table: the totals, revenue by month, the
 * top countries and products, and the returns. Each section is its heading, its chart (when given)
 * and its table.
 */
final class SalesSections {
  private SalesSections() {}

  static void totals(Html h, ReportData.Totals t) {
    h.heading("In the database");
    h.table("totals", List.of("measure", "#value"));
    h.row("rows", count(t.rows()));
    h.row("invoices", count(t.invoices()));
    h.row("customers", count(t.customers()));
    h.row("countries", count(t.countries()));
    h.row("products (stock codes)", count(t.products()));
    h.row("quantity", count(t.quantity()));
    h.row("revenue", money(t.revenue()));
    h.endTable();
  }

  static void months(Html h, List<ReportData.Month> months, ReportCharts.Chart chart) {
    h.heading("Revenue by month");
    h.image(chart);
    h.table("months", List.of("month", "#revenue", "#quantity", "#invoices", "#rows"));
    for (ReportData.Month m : months) {
      h.row(
          m.month().toString(),
          money(m.revenue()),
          count(m.quantity()),
          count(m.invoices()),
          count(m.rows()));
    }
    h.endTable();
  }

  static void countries(Html h, List<ReportData.Country> countries, ReportCharts.Chart chart) {
    h.heading("Top countries");
    h.image(chart);
    h.table("countries", List.of("country", "#revenue", "#quantity", "#invoices", "#customers"));
    for (ReportData.Country c : countries) {
      h.row(
          c.country(),
          money(c.revenue()),
          count(c.quantity()),
          count(c.invoices()),
          count(c.customers()));
    }
    h.endTable();
  }

  static void products(Html h, List<ReportData.Product> products, ReportCharts.Chart chart) {
    h.heading("Top products");
    h.image(chart);
    h.table("products", List.of("stock code", "description", "#revenue", "#quantity"));
    for (ReportData.Product p : products) {
      h.row(
          p.stockCode(),
          p.description() == null ? "" : p.description(),
          money(p.revenue()),
          count(p.quantity()));
    }
    h.endTable();
    h.note(
        "A stock code has several descriptions in the data; the first in character order is"
            + " shown.");
  }

  static void returns(Html h, List<ReportData.Returns> returns, ReportCharts.Chart chart) {
    h.heading("Returns");
    h.note(
        "Return lines: a negative quantity or a cancellation invoice (number starting with C)."
            + " Their quantity and value are negative, as stored.");
    h.image(chart);
    h.table("returns", List.of("month", "#lines", "#invoices", "#quantity", "#value"));
    for (ReportData.Returns r : returns) {
      h.row(
          r.month().toString(),
          count(r.lines()),
          count(r.invoices()),
          count(r.quantity()),
          money(r.value()));
    }
    h.endTable();
  }
}
