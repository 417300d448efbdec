package dev.pep.report;

import dev.pep.config.PepException;
import dev.pep.config.SinkConfig;
import dev.pep.sink.SinkDatabase;
import dev.pep.sink.SinkException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pep report}: queries the sink's database and writes {@code report.html} (self-contained:
 * the charts are inside it as PNG data) and each chart as a PNG file beside it.
 */
public final class HtmlReport {
  /** The page's file name in the output directory. */
  public static final String PAGE = "report.html";

  /**
   * What to report on.
   *
   * @param zone the zone months and times are shown in (PEP_ZONE: the zone the events were read in)
   * @param rejectsFile PEP_REJECTS_FILE, read when it exists
   * @param bench a {@code pep bench} results.csv or its directory, or null
   * @param summaries {@code --summary-json} files of run or produce, for times per load
   */
  public record Inputs(
      SinkConfig sink, ZoneId zone, Path rejectsFile, Path bench, List<Path> summaries) {
    public Inputs {
      summaries = List.copyOf(summaries);
    }
  }

  /** What was written. */
  public record Written(Path page, List<Path> charts, ReportData data, RejectCounts rejects) {
    public Written {
      charts = List.copyOf(charts);
    }
  }

  private HtmlReport() {}

  /**
   * Writes the report into {@code outDir} (created when absent).
   *
   * @throws SinkException the database cannot be read, naming it
   * @throws PepException an input or the output directory cannot be read or written, naming it
   */
  public static Written write(Inputs in, Path outDir) {
    // The files first: a missing --bench or --summary fails before the database is opened.
    BenchRuns bench = in.bench() == null ? null : BenchRuns.read(in.bench());
    List<LoadRun> loads = in.summaries().stream().map(LoadRun::read).toList();
    RejectCounts rejects = RejectCounts.read(in.rejectsFile());
    String database = SinkDatabase.describe(in.sink());
    ReportData data;
    try (Connection c = SinkDatabase.connect(in.sink())) {
      data =
          ReportQueries.run(
              c, database, in.sink().eventsTable(), in.sink().offsetsTable(), in.zone());
    } catch (SQLException e) {
      throw new SinkException("Cannot read the events from " + database + ": " + e.getMessage(), e);
    }
    Map<String, ReportCharts.Chart> charts = new LinkedHashMap<>();
    if (!data.months().isEmpty()) {
      add(charts, ReportCharts.revenueByMonth(data.months()));
      add(charts, ReportCharts.topCountries(data.topCountries()));
      add(charts, ReportCharts.topProducts(data.topProducts()));
    }
    if (!data.returns().isEmpty()) {
      add(charts, ReportCharts.returnsByMonth(data.returns()));
    }
    if (!rejects.counts().isEmpty()) {
      add(charts, ReportCharts.rejects(rejects.counts()));
    }
    if (bench != null && !bench.contenders().isEmpty()) {
      add(charts, ReportCharts.bench(bench));
    }
    String html = ReportPage.render(data, charts, rejects, loads, bench, Instant.now());
    List<Path> pngs = new ArrayList<>();
    Path page = outDir.resolve(PAGE);
    try {
      Files.createDirectories(outDir);
      for (ReportCharts.Chart chart : charts.values()) {
        Path png = outDir.resolve(chart.name() + ".png");
        Files.write(png, chart.png());
        pngs.add(png);
      }
      Files.writeString(page, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PepException("Cannot write the report into " + outDir + ": " + e, e);
    }
    return new Written(page, pngs, data, rejects);
  }

  private static void add(Map<String, ReportCharts.Chart> charts, ReportCharts.Chart c) {
    charts.put(c.name(), c);
  }
}
