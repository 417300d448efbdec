package dev.pep.cli;

import dev.pep.config.PipelineConfig;
import dev.pep.config.ResolvedConfig;
import dev.pep.config.Settings;
import dev.pep.config.SinkConfig;
import dev.pep.report.HtmlReport;
import dev.pep.sink.Sink;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Option;

/**
 * What {@code run} does after the consume: {@code --aggregate} runs the aggregation over what the
 * run produced (and writes the aggregate tables of a database sink), {@code --report DIR} writes
 * the HTML report; without them, the report command is named.
 */
final class RunFinishOptions {
  @Option(
      names = "--aggregate",
      description =
          "After the consume, aggregate the topic with Kafka Streams (as pep aggregate, application"
              + " id PEP_AGGREGATE_ID) up to what this run produced, and upsert the aggregates"
              + " into the sink's tables <events table>_agg_*.")
  boolean aggregate;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      arity = "0..1",
      fallbackValue = "report",
      description = "At the end, write DIR/report.html from the database (default DIR: report).")
  Path report;

  /**
   * Runs the steps asked for after the consume into {@code sink}; {@code until} is the events
   * topic's end after the produce.
   */
  void finish(
      ResolvedConfig resolved,
      PipelineConfig c,
      SinkConfig sinkConfig,
      Sink sink,
      Map<TopicPartition, Long> until,
      PrintWriter out,
      BooleanSupplier stop) {
    if (aggregate && !stop.getAsBoolean()) {
      String id =
          Settings.AGGREGATE_ID.parse(resolved.values().get(Settings.AGGREGATE_ID.name()).raw());
      AggregationStep.runOnce(c, sinkConfig, id, sink, until, out, stop);
    }
    if (!sink.holdsOffsets() || stop.getAsBoolean()) {
      return; // no database to report on
    }
    if (report == null) {
      out.println("Charts and tables of it: pep report --out DIR (writes DIR/report.html)");
      out.flush();
      return;
    }
    HtmlReport.Written w =
        HtmlReport.write(
            new HtmlReport.Inputs(sinkConfig, c.csv().zone(), c.rejectsFile(), null, List.of()),
            report);
    out.printf(Locale.ROOT, "Wrote %s (%d charts beside it)%n", w.page(), w.charts().size());
    out.flush();
  }
}
