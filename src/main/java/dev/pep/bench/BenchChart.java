package dev.pep.bench;

import dev.pep.config.PepException;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Draws the bench's PNG: records/s per contender (median, min and max of the valid runs) beside the
 * send-to-ack latency percentiles. Headless: needs no display.
 */
public final class BenchChart {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 420;

  private BenchChart() {}

  /** Writes the chart of {@code summaries} to {@code png}. */
  public static void write(List<ContenderSummary> summaries, String title, Path png) {
    System.setProperty("java.awt.headless", "true");
    List<CategoryChart> charts = List.of(throughput(summaries, title), latency(summaries));
    String name = png.toString();
    String base = name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    try {
      BitmapEncoder.saveBitmap(charts, 2, 1, base, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new PepException("Cannot write the chart " + png + ": " + e, e);
    }
  }

  private static CategoryChart throughput(List<ContenderSummary> summaries, String title) {
    CategoryChart c = chart(title, "records/s");
    List<String> names = names(summaries);
    c.addSeries("min", names, values(summaries, ContenderSummary::minRecordsPerSecond));
    c.addSeries("median", names, values(summaries, ContenderSummary::medianRecordsPerSecond));
    c.addSeries("max", names, values(summaries, ContenderSummary::maxRecordsPerSecond));
    c.getStyler()
        .setSeriesColors(
            new Color[] {new Color(0x9ecae1), new Color(0x3182bd), new Color(0x08519c)});
    return c;
  }

  private static CategoryChart latency(List<ContenderSummary> summaries) {
    List<ContenderSummary> timed = summaries.stream().filter(s -> s.latency().measured()).toList();
    CategoryChart c =
        chart("send to acknowledgement latency (median of runs; kcat: not measured)", "ms");
    if (timed.isEmpty()) {
      c.addSeries("none", List.of("-"), List.of(0));
      return c;
    }
    List<String> names = names(timed);
    c.addSeries("p50", names, values(timed, s -> s.latency().p50()));
    c.addSeries("p95", names, values(timed, s -> s.latency().p95()));
    c.addSeries("p99", names, values(timed, s -> s.latency().p99()));
    c.addSeries("max", names, values(timed, s -> s.latency().max()));
    c.getStyler()
        .setSeriesColors(
            new Color[] {
              new Color(0xfdd0a2), new Color(0xfd8d3c), new Color(0xd94801), new Color(0x7f2704)
            });
    return c;
  }

  private static CategoryChart chart(String title, String yTitle) {
    CategoryChart c =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .yAxisTitle(yTitle)
            .build();
    Styler s = c.getStyler();
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setChartBackgroundColor(Color.WHITE);
    c.getStyler().setXAxisLabelRotation(20);
    c.getStyler().setYAxisDecimalPattern("#,###.#");
    return c;
  }

  private static List<String> names(List<ContenderSummary> summaries) {
    return summaries.stream().map(s -> s.contender().name()).toList();
  }

  private static List<Double> values(
      List<ContenderSummary> summaries, java.util.function.ToDoubleFunction<ContenderSummary> f) {
    List<Double> v = new ArrayList<>();
    for (ContenderSummary s : summaries) {
      double d = f.applyAsDouble(s);
      v.add(Double.isNaN(d) ? 0.0 : d);
    }
    return v;
  }
}
