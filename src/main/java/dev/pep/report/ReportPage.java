package dev.pep.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the report as one HTML page: tables of exact figures and the charts as PNG {@code data:}
 * URIs, no script or style from elsewhere, so it opens without a network. A small inline script
 * checks, once the page has loaded, that every chart image decoded and is not blank, and says so at
 * the bottom of the page ({@code data-render} on the body: {@code ok N charts} or what failed).
 */
final class ReportPage {
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private final StringBuilder h = new StringBuilder(64 * 1024);
  private final ZoneId zone;

  private ReportPage(ZoneId zone) {
    this.zone = zone;
  }

  /** The whole page. {@code charts} by name; a section whose chart is absent has none. */
  static String render(
      ReportData d,
      Map<String, ReportCharts.Chart> charts,
      RejectCounts rejects,
      List<LoadRun> loads,
      BenchRuns bench,
      Instant generated) {
    ReportPage p = new ReportPage(d.zone());
    p.head();
    p.h
        .append("<h1>Purchase events</h1>\n<p class=\"meta\">From ")
        .append(esc(d.database()))
        .append(", table <code>")
        .append(esc(d.eventsTable()))
        .append("</code>; generated ")
        .append(MINUTE.format(generated.atZone(d.zone())))
        .append("; months and times in ")
        .append(esc(d.zone().getId()))
        .append("; amounts are sum(quantity × unit price), rounded to the cent.</p>\n");
    p.totals(d.totals());
    p.months(d, charts.get("revenue-by-month"));
    p.countries(d, charts.get("top-countries"));
    p.products(d, charts.get("top-products"));
    p.returns(d, charts.get("returns-by-month"));
    p.rejects(rejects, charts.get("rejects-by-reason"));
    p.loaded(d, loads);
    if (bench != null) {
      p.bench(bench, charts.get("bench"));
    }
    p.tail(charts.size());
    return p.h.toString();
  }

  private void head() {
    h.append(
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>pep report</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 960px; color: #222; }
        h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
        table { border-collapse: collapse; margin: .8em 0; }
        th, td { padding: .2em .7em; border-bottom: 1px solid #eee; text-align: left; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        img.chart { display: block; max-width: 100%; margin: .8em 0; }
        .meta, .note { color: #555; font-size: .9em; }
        #render-status { color: #777; font-size: .8em; margin-top: 3em; }
        </style>
        </head>
        <body>
        """);
  }

  private void totals(ReportData.Totals t) {
    h.append("<h2>In the database</h2>\n");
    table("totals", List.of("measure", "#value"));
    row("rows", count(t.rows()));
    row("invoices", count(t.invoices()));
    row("customers", count(t.customers()));
    row("countries", count(t.countries()));
    row("products (stock codes)", count(t.products()));
    row("quantity", count(t.quantity()));
    row("revenue", money(t.revenue()));
    endTable();
  }

  private void months(ReportData d, ReportCharts.Chart chart) {
    h.append("<h2>Revenue by month</h2>\n");
    image(chart);
    table("months", List.of("month", "#revenue", "#quantity", "#invoices", "#rows"));
    for (ReportData.Month m : d.months()) {
      row(
          m.month().toString(),
          money(m.revenue()),
          count(m.quantity()),
          count(m.invoices()),
          count(m.rows()));
    }
    endTable();
  }

  private void countries(ReportData d, ReportCharts.Chart chart) {
    h.append("<h2>Top countries</h2>\n");
    image(chart);
    table("countries", List.of("country", "#revenue", "#quantity", "#invoices", "#customers"));
    for (ReportData.Country c : d.topCountries()) {
      row(
          c.country(),
          money(c.revenue()),
          count(c.quantity()),
          count(c.invoices()),
          count(c.customers()));
    }
    endTable();
  }

  private void products(ReportData d, ReportCharts.Chart chart) {
    h.append("<h2>Top products</h2>\n");
    image(chart);
    table("products", List.of("stock code", "description", "#revenue", "#quantity"));
    for (ReportData.Product p : d.topProducts()) {
      row(
          p.stockCode(),
          p.description() == null ? "" : p.description(),
          money(p.revenue()),
          count(p.quantity()));
    }
    endTable();
    note(
        "A stock code has several descriptions in the data; the first in character order is"
            + " shown.");
  }

  private void returns(ReportData d, ReportCharts.Chart chart) {
    h.append("<h2>Returns</h2>\n");
    note(
        "Return lines: a negative quantity or a cancellation invoice (number starting with C)."
            + " Their quantity and value are negative, as stored.");
    image(chart);
    table("returns", List.of("month", "#lines", "#invoices", "#quantity", "#value"));
    for (ReportData.Returns r : d.returns()) {
      row(
          r.month().toString(),
          count(r.lines()),
          count(r.invoices()),
          count(r.quantity()),
          money(r.value()));
    }
    endTable();
  }

  private void rejects(RejectCounts r, ReportCharts.Chart chart) {
    h.append("<h2>Rejected rows</h2>\n");
    if (!r.present()) {
      note(
          "The database holds events only; rejected rows go to the rejects file, and there is"
              + " none at <code>"
              + esc(r.path().toString())
              + "</code>: no run rejected a row, or PEP_REJECTS_FILE points elsewhere.");
      return;
    }
    note(
        "From the rejects file <code>"
            + esc(r.path().toString())
            + "</code> (the database holds events only). Each produce run that rejects rows"
            + " writes it anew, so these are the last such run's: "
            + count(r.total())
            + " rows.");
    image(chart);
    table("rejects", List.of("file", "reason", "#rows"));
    for (RejectCounts.Count c : r.counts()) {
      row(c.file(), c.reason(), count(c.rejects()));
    }
    endTable();
  }

  private void loaded(ReportData d, List<LoadRun> loads) {
    h.append("<h2>What was loaded</h2>\n");
    table(
        "files",
        List.of(
            "source file",
            "#rows",
            "#invoices",
            "first invoice",
            "last invoice",
            "#partitions",
            "topic offsets"));
    for (ReportData.LoadedFile f : d.files()) {
      row(
          f.file(),
          count(f.rows()),
          count(f.invoices()),
          time(f.firstInvoice()),
          time(f.lastInvoice()),
          count(f.partitions()),
          count(f.minOffset()) + " – " + count(f.maxOffset()));
    }
    endTable();
    h.append("<p>The consumer's stored offsets, and when each partition was last written:</p>\n");
    table("offsets", List.of("group", "topic", "#partition", "#next offset", "last written"));
    for (ReportData.StoredOffset o : d.offsets()) {
      row(
          o.group(),
          o.topic(),
          count(o.partition()),
          count(o.nextOffset()),
          o.updatedAt() == null ? "" : SECOND.format(o.updatedAt().atZoneSameInstant(zone)));
    }
    endTable();
    if (loads.isEmpty()) {
      note(
          "The database keeps no load times or rejects per run: pass the --summary-json files of"
              + " pep run or pep produce with <code>pep report --summary FILE</code> to list them"
              + " here.");
      return;
    }
    h.append("<p>Runs, from their summary files:</p>\n");
    table(
        "loads",
        List.of(
            "summary written",
            "command",
            "file",
            "#rows read",
            "#committed",
            "#rejected",
            "#produce s",
            "#stored",
            "#duplicates",
            "#consume s",
            "complete"));
    for (LoadRun l : loads) {
      row(
          SECOND.format(l.writtenAt().atZone(zone)),
          l.command(),
          l.file(),
          count(l.rowsRead()),
          count(l.committed()),
          count(l.rejected()),
          seconds(l.produceSeconds()),
          l.consumed() < 0 ? "" : count(l.consumed()),
          l.duplicates() < 0 ? "" : count(l.duplicates()),
          l.consumeSeconds() < 0 ? "" : seconds(l.consumeSeconds()),
          l.complete() ? "yes" : "no");
    }
    endTable();
  }

  private void bench(BenchRuns b, ReportCharts.Chart chart) {
    h.append("<h2>Benchmark</h2>\n");
    note(
        "From <code>"
            + esc(b.path().toString())
            + "</code>: valid measured runs, warm-ups left out.");
    image(chart);
    table("bench", List.of("contender", "#runs", "#median records/s", "#min", "#max"));
    for (BenchRuns.Contender c : b.contenders()) {
      row(
          c.name(),
          count(c.runs()),
          count(Math.round(c.median())),
          count(Math.round(c.min())),
          count(Math.round(c.max())));
    }
    endTable();
  }

  private void tail(int charts) {
    h.append("<p id=\"render-status\">Checking the ").append(charts).append(" charts…</p>\n");
    h.append(
        """
        <script>
        (function () {
          function mark(status) {
            document.body.setAttribute('data-render', status);
            document.getElementById('render-status').textContent = 'Charts: ' + status;
          }
          function blank(img) {
            var c = document.createElement('canvas');
            c.width = img.naturalWidth;
            c.height = img.naturalHeight;
            var x = c.getContext('2d');
            x.drawImage(img, 0, 0);
            var d = x.getImageData(0, 0, c.width, c.height).data;
            for (var i = 4; i < d.length; i += 4) {
              if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) return false;
            }
            return true;
          }
          window.addEventListener('error', function (e) { mark('error: ' + e.message); });
          window.addEventListener('load', function () {
            var imgs = Array.prototype.slice.call(document.querySelectorAll('img.chart'));
            var bad = imgs.filter(function (i) {
              return !(i.complete && i.naturalWidth > 0) || blank(i);
            });
            mark(bad.length === 0
                ? 'ok ' + imgs.length + ' charts rendered'
                : 'failed: ' + bad.map(function (i) { return i.alt; }).join(', '));
          });
        })();
        </script>
        </body>
        </html>
        """);
  }

  private void image(ReportCharts.Chart c) {
    if (c == null) {
      note("No rows to chart.");
      return;
    }
    h.append("<img class=\"chart\" id=\"chart-")
        .append(c.name())
        .append("\" alt=\"")
        .append(esc(c.title()))
        .append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(c.png()))
        .append("\">\n");
  }

  /** Starts a table; a column name starting with '#' is numeric (right-aligned). */
  private void table(String id, List<String> columns) {
    h.append("<table id=\"").append(id).append("\">\n<thead><tr>");
    numeric.clear();
    for (String c : columns) {
      boolean num = c.startsWith("#");
      numeric.add(num);
      h.append(num ? "<th class=\"num\">" : "<th>")
          .append(esc(num ? c.substring(1) : c))
          .append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
  }

  private final List<Boolean> numeric = new ArrayList<>();

  private void row(String... cells) {
    h.append("<tr>");
    for (int i = 0; i < cells.length; i++) {
      boolean num = i < numeric.size() && numeric.get(i);
      h.append(num ? "<td class=\"num\">" : "<td>").append(esc(cells[i])).append("</td>");
    }
    h.append("</tr>\n");
  }

  private void endTable() {
    h.append("</tbody>\n</table>\n");
  }

  private void note(String html) {
    h.append("<p class=\"note\">").append(html).append("</p>\n");
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** An exact amount rounded half up to the cent, e.g. {@code 9,747,747.93}. */
  static String money(BigDecimal v) {
    return String.format(Locale.ROOT, "%,.2f", v.setScale(2, RoundingMode.HALF_UP));
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%,.2f", s);
  }

  private static String time(LocalDateTime t) {
    return t == null ? "" : MINUTE.format(t);
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        default -> sb.append(ch);
      }
    }
    return sb.toString();
  }
}
