package dev.pep.cli;

import dev.pep.config.PipelineConfig;
import dev.pep.config.ResolvedConfig;
import dev.pep.config.Settings;
import dev.pep.report.HtmlReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "report",
    description = {
      "Write report.html from the sink's database (DuckDB by default, or PostgreSQL): revenue by"
          + " month, top countries and products, returns, rejects by reason per file, what was"
          + " loaded, and a pep bench result with --bench. One self-contained page (the charts are"
          + " inside it; also written as PNG files beside it): no network needed to open it."
    },
    mixinStandardHelpOptions = true)
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;
  @Mixin DatabaseOptions databaseOptions;
  @Mixin VerboseOption verbose;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Directory for report.html and the charts (default: report).")
  Path out = Path.of("report");

  @Option(
      names = "--bench",
      paramLabel = "FILE",
      description = "A pep bench result (results.csv, or the directory pep bench --out wrote).")
  Path bench;

  @Option(
      names = "--summary",
      paramLabel = "FILE",
      description =
          "A --summary-json file of pep run or pep produce, for the times of a load; repeatable.")
  List<Path> summaries = new ArrayList<>();

  /** The sink flags a report reads: which database, not the consumer group. */
  static final class DatabaseOptions implements SettingFlags {
    @Option(
        names = "--sink",
        paramLabel = "NAME",
        description = "The database to read: duckdb (default) or postgres (PEP_SINK).")
    String sink;

    @Option(
        names = "--db-url",
        paramLabel = "JDBC_URL",
        description = "PostgreSQL JDBC URL for --sink postgres (PEP_DB_URL).")
    String dbUrl;

    @Override
    public void addTo(Map<String, String> flags) {
      SettingFlags.put(flags, Settings.SINK.name(), sink);
      SettingFlags.put(flags, Settings.DB_URL.name(), dbUrl);
    }
  }

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    ResolvedConfig resolved = options.resolve();
    PipelineConfig config = resolved.toPipelineConfig();
    HtmlReport.Written w =
        HtmlReport.write(
            new HtmlReport.Inputs(
                resolved.toSinkConfig(),
                config.csv().zone(),
                config.rejectsFile(),
                bench,
                summaries),
            out);
    stdout.printf(
        Locale.ROOT,
        "Wrote %s: %,d events of %s, %d charts (also as PNG files in %s)%n",
        w.page(),
        w.data().totals().rows(),
        w.data().database(),
        w.charts().size(),
        w.page().getParent() == null ? "." : w.page().getParent());
    stdout.flush();
    return ExitCodes.OK;
  }
}
