package dev.pep.report;

import dev.pep.config.PepException;
import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;

/** The report's charts, drawn with XChart as PNG images. Headless: needs no display. */
final class ReportCharts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 380;
  private static final Color BLUE = new Color(0x3182bd);
  private static final Color ORANGE = new Color(0xe6550d);

  /** A chart's file name (without extension), its title, and its PNG. */
  record Chart(String name, String title, byte[] png) {}

  private ReportCharts() {}

  static Chart revenueByMonth(List<ReportData.Month> months) {
    return bars(
        "revenue-by-month",
        "Revenue by month (net of returns)",
        "revenue",
        months,
        m -> m.month().toString(),
        m -> m.revenue(),
        BLUE);
  }

  static Chart topCountries(List<ReportData.Country> countries) {
    return bars(
        "top-countries",
        "Top countries by revenue",
        "revenue",
        countries,
        ReportData.Country::country,
        ReportData.Country::revenue,
        BLUE);
  }

  static Chart topProducts(List<ReportData.Product> products) {
    return bars(
        "top-products",
        "Top products by revenue (stock code)",
        "revenue",
        products,
        ReportData.Product::stockCode,
        ReportData.Product::revenue,
        BLUE);
  }

  static Chart returnsByMonth(List<ReportData.Returns> returns) {
    return bars(
        "returns-by-month",
        "Returns by month: value of return lines (negative quantity or C invoice)",
        "value returned",
        returns,
        r -> r.month().toString(),
        r -> r.value().negate(),
        ORANGE);
  }

  static Chart rejects(List<RejectCounts.Count> counts) {
    return bars(
        "rejects-by-reason",
        "Rejected rows by file and reason",
        "rows",
        counts,
        c -> shorten(c.file() + ": " + c.reason()),
        c -> BigDecimal.valueOf(c.rejects()),
        ORANGE);
  }

  static Chart bench(BenchRuns bench) {
    CategoryChart c =
        chart("pep bench: records/s per contender (median of valid runs)", "records/s");
    List<String> names = bench.contenders().stream().map(BenchRuns.Contender::name).toList();
    c.addSeries("min", names, doubles(bench.contenders(), BenchRuns.Contender::min));
    c.addSeries("median", names, doubles(bench.contenders(), BenchRuns.Contender::median));
    c.addSeries("max", names, doubles(bench.contenders(), BenchRuns.Contender::max));
    c.getStyler().setSeriesColors(new Color[] {new Color(0x9ecae1), BLUE, new Color(0x08519c)});
    c.getStyler().setLegendVisible(true);
    return new Chart("bench", c.getTitle(), png(c));
  }

  private static <T> Chart bars(
      String name,
      String title,
      String yTitle,
      List<T> rows,
      Function<T, String> label,
      Function<T, BigDecimal> value,
      Color color) {
    CategoryChart c = chart(title, yTitle);
    List<String> labels = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (T r : rows) {
      labels.add(label.apply(r));
      values.add(value.apply(r).doubleValue()); // only the bar's height: the tables are exact
    }
    c.addSeries(yTitle, labels, values);
    c.getStyler().setSeriesColors(new Color[] {color});
    return new Chart(name, title, png(c));
  }

  private static CategoryChart chart(String title, String yTitle) {
    System.setProperty("java.awt.headless", "true");
    CategoryChart c =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .yAxisTitle(yTitle)
            .build();
    CategoryStyler s = c.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setLegendVisible(false);
    s.setXAxisLabelRotation(30);
    s.setYAxisDecimalPattern("#,###");
    s.setAntiAlias(true);
    return c;
  }

  private static <T> List<Double> doubles(List<T> rows, java.util.function.ToDoubleFunction<T> f) {
    return rows.stream().map(r -> f.applyAsDouble(r)).toList();
  }

  private static String shorten(String s) {
    return s.length() <= 48 ? s : s.substring(0, 47) + "…";
  }

  private static byte[] png(CategoryChart c) {
    try {
      return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new PepException("Cannot draw the chart '" + c.getTitle() + "': " + e, e);
    }
  }
}
