package dev.pep.cli;

import dev.pep.aggregate.Aggregator;
import dev.pep.config.ConfigException;
import dev.pep.config.PipelineConfig;
import dev.pep.config.ResolvedConfig;
import dev.pep.config.Settings;
import dev.pep.config.SinkConfig;
import dev.pep.config.SinkType;
import dev.pep.consumer.AggregateTableConsumer;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.TopicReader;
import dev.pep.sink.Sink;
import dev.pep.sink.Sinks;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "aggregate",
    description = {
      "Keep aggregates of the events topic with Kafka Streams, exactly once: revenue, quantity and"
          + " invoices per country and day; per stock code and month; returns per country and"
          + " month. Duplicates (a file produced again) are counted once, by event id. Results go"
          + " to compacted topics <topic>.agg.*, and with --tables into tables of the sink's"
          + " database (upserted by key, exactly once). Runs until Ctrl-C; processes with the"
          + " same --application-id share the partitions."
    },
    mixinStandardHelpOptions = true)
final class AggregateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;
  @Mixin ClusterOptions clusterOptions;
  @Mixin TopicOption topicOption;
  @Mixin PartitionsOption partitionsOption;
  @Mixin ApplicationIdOption applicationIdOption;
  @Mixin ReportCommand.DatabaseOptions databaseOptions;
  @Mixin VerboseOption verbose;

  /** {@code --application-id}: PEP_AGGREGATE_ID. */
  static final class ApplicationIdOption implements SettingFlags {
    @Option(
        names = "--application-id",
        paramLabel = "ID",
        description = "Kafka Streams application id (PEP_AGGREGATE_ID, default pep-aggregate).")
    String id;

    @Override
    public void addTo(Map<String, String> flags) {
      SettingFlags.put(flags, Settings.AGGREGATE_ID.name(), id);
    }
  }

  @Option(
      names = "--tables",
      description =
          "Also upsert the aggregates into tables of the sink's database (--sink duckdb or"
              + " postgres): <events table>_agg_country_day, _agg_product_month,"
              + " _agg_returns_country_month.")
  boolean tables;

  @Option(
      names = "--until-caught-up",
      description =
          "Stop (exit 0) once everything the topic held at the start is aggregated (and, with"
              + " --tables, in the tables), and print how long that took.")
  boolean untilCaughtUp;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ResolvedConfig resolved = options.resolve();
    PipelineConfig config = resolved.toPipelineConfig();
    String id =
        Settings.AGGREGATE_ID.parse(resolved.values().get(Settings.AGGREGATE_ID.name()).raw());
    // The database first: a locked or unreachable one fails before anything starts.
    SinkConfig sinkConfig = tables ? resolved.toSinkConfig() : null;
    if (sinkConfig != null && sinkConfig.sink() == SinkType.JSONL) {
      throw new ConfigException(
          "--tables needs a database: PEP_SINK=jsonl has no tables (use --sink duckdb or postgres)");
    }
    try (Sink sink = tables ? Sinks.open(sinkConfig) : null;
        ShutdownSignal signal = new ShutdownSignal();
        BrokerSession cluster = BrokerSession.open(config, err)) {
      PipelineConfig c = cluster.config();
      KafkaClients kafka = KafkaClients.of(c);
      try (Aggregator a = Aggregator.start(kafka, c.topic(), c.partitions(), id)) {
        out.printf(
            "Aggregating %s (Kafka Streams application %s, exactly_once_v2) into %s%s; Ctrl-C to"
                + " stop%n",
            c.topic(),
            id,
            String.join(", ", a.outputs()),
            sink == null
                ? ""
                : " and the tables "
                    + AggregationStep.tableNames(sinkConfig)
                    + " of "
                    + sink.describe());
        out.flush();
        if (untilCaughtUp) {
          Map<TopicPartition, Long> until;
          try (TopicReader r = new TopicReader(kafka, c.topic())) {
            until = r.endOffsets();
          }
          long start = System.nanoTime();
          long rows =
              AggregationStep.catchUp(a, kafka, c.topic(), id, sink, until, signal::requested);
          if (rows >= 0) {
            out.printf(
                Locale.ROOT,
                "Caught up with %s (offsets %,d) in %.1f s%s%n",
                c.topic(),
                until.values().stream().mapToLong(Long::longValue).sum(),
                (System.nanoTime() - start) / 1e9,
                sink == null ? "" : String.format(Locale.ROOT, "; %,d table rows upserted", rows));
            out.flush();
            return ExitCodes.OK;
          }
        } else if (sink == null) {
          a.runUntil(signal::requested);
        } else {
          new AggregateTableConsumer(
                  kafka, AggregationStep.tables(c.topic()), AggregationStep.tablesGroup(id), sink)
              .run(null, signal::requested, a::check);
        }
      }
      out.println("Stopped: the last transaction is committed.");
      out.flush();
      return ExitCodes.INTERRUPTED;
    }
  }
}
