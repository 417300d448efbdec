package dev.pep.report;

import static dev.pep.report.Html.esc;
import static dev.pep.report.Html.minute;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes the report as one HTML page: tables of exact figures and the charts as PNG {@code data:}
 * URIs, no script or style from elsewhere, so it opens without a network. This class puts the page
 * together in order: {@link PageShell} around it, the meta line, the {@link SalesSections} and the
 * {@link PipelineSections}, all written with {@link Html}.
 */
final class ReportPage {
  private ReportPage() {}

  /** The whole page. {@code charts} by name; a section whose chart is absent has none. */
  static String render(
      ReportData d,
      Map<String, ReportCharts.Chart> charts,
      RejectCounts rejects,
      List<LoadRun> loads,
      BenchRuns bench,
      Instant generated) {
    Html h = new Html();
    PageShell.head(h);
    h.raw("<h1>Purchase events</h1>\n");
    meta(h, d, generated);
    SalesSections.totals(h, d.totals());
    SalesSections.months(h, d.months(), charts.get("revenue-by-month"));
    SalesSections.countries(h, d.topCountries(), charts.get("top-countries"));
    SalesSections.products(h, d.topProducts(), charts.get("top-products"));
    SalesSections.returns(h, d.returns(), charts.get("returns-by-month"));
    PipelineSections.rejects(h, rejects, charts.get("rejects-by-reason"));
    PipelineSections.loaded(h, d, loads);
    if (bench != null) {
      PipelineSections.bench(h, bench, charts.get("bench"));
    }
    PageShell.tail(h, charts.size());
    return h.toString();
  }

  /** Where the figures come from, when the page was made, and how to read them. */
  private static void meta(Html h, ReportData d, Instant generated) {
    h.raw("<p class=\"meta\">From ")
        .raw(esc(d.database()))
        .raw(", table <code>")
        .raw(esc(d.eventsTable()))
        .raw("</code>; generated ")
        .raw(minute(generated.atZone(d.zone())))
        .raw("; months and times in ")
        .raw(esc(d.zone().getId()))
        .raw("; amounts are sum(quantity × unit price), rounded to the cent.</p>\n");
  }
}
