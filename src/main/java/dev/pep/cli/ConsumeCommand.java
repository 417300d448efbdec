package dev.pep.cli;

import dev.pep.config.MetricsConfig;
import dev.pep.config.ResolvedConfig;
import dev.pep.config.SinkConfig;
import dev.pep.config.SinkType;
import dev.pep.consumer.ConsumeSummary;
import dev.pep.consumer.SinkConsumer;
import dev.pep.kafka.KafkaClients;
import dev.pep.metrics.PepMetrics;
import dev.pep.metrics.PipelineProbe;
import dev.pep.sink.Sink;
import dev.pep.sink.SinkReport;
import dev.pep.sink.Sinks;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "consume",
    description = {
      "Read the topic as a consumer-group member and write every event to the sink, exactly once"
          + " for duckdb and postgres. Runs until --until-idle, --max-events or Ctrl-C."
    },
    mixinStandardHelpOptions = true)
final class ConsumeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;
  @Mixin ClusterOptions clusterOptions;
  @Mixin TopicOption topicOption;
  @Mixin PartitionsOption partitionsOption;
  @Mixin ProducerPropertyOption producerPropertyOption;
  @Mixin SinkOptions sinkOptions;
  @Mixin VerboseOption verbose;
  @Mixin SummaryJsonOption summaryJson;
  @Mixin MetricsOptions metricsOptions;

  @Option(
      names = "--until-idle",
      paramLabel = "SECONDS",
      description = "Stop once the topic is drained and nothing arrived for SECONDS.")
  Double untilIdle;

  @Option(names = "--max-events", paramLabel = "N", description = "Stop after N records.")
  long maxEvents;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ResolvedConfig resolved = options.resolve();
    var config = resolved.toPipelineConfig();
    SinkConfig sinkConfig = resolved.toSinkConfig();
    MetricsConfig metricsConfig = resolved.toMetricsConfig();
    // The sink first: a locked or unreachable database fails before a broker is started.
    try (Sink sink = Sinks.open(sinkConfig);
        ShutdownSignal signal = new ShutdownSignal();
        MetricsSession metrics = MetricsSession.open(metricsConfig, err);
        BrokerSession cluster = BrokerSession.open(config, err)) {
      ProduceStep.ensureTopic(cluster.config());
      if (metrics.enabled()) {
        metrics.working(
            PepMetrics.Phase.CONSUMING,
            new PipelineProbe(
                KafkaClients.of(cluster.config()),
                config.topic(),
                sinkConfig.groupId(),
                sinkConfig));
      }
      SinkConsumer consumer =
          new SinkConsumer(
                  KafkaClients.of(cluster.config()),
                  config.topic(),
                  sinkConfig.groupId(),
                  sink,
                  SinkOptions.timeouts(sinkConfig))
              .waitForDatabaseAtMost(SinkOptions.databaseWait(sinkConfig))
              .observe(metrics.consume());
      SinkConsumer.StopWhen when =
          new SinkConsumer.StopWhen(
              untilIdle == null ? null : Duration.ofMillis((long) (untilIdle * 1000)),
              maxEvents,
              null);
      ConsumeSummary s = consumer.run(when, progress(err), signal::requested);
      SinkReport report = sink.report();
      // JSON lines on stdout are the data: the summary then goes to stderr.
      PrintWriter summaryOut =
          sinkConfig.sink() == SinkType.JSONL && sinkConfig.jsonlPath().toString().equals("-")
              ? err
              : out;
      ConsumeReport.print(s, summaryOut);
      ConsumeReport.print(report, summaryOut);
      summaryJson.write(ConsumeReport.toMap(s, report));
      metrics.finished(signal);
      return signal.requested() ? ExitCodes.INTERRUPTED : ExitCodes.OK;
    }
  }

  static SinkConsumer.Listener progress(PrintWriter err) {
    long[] next = {5_000_000_000L};
    long[] nextWait = {0};
    return new SinkConsumer.Listener() {
      @Override
      public void onDatabaseWait(long failingNanos, String reason) {
        // The first second of a failure is usually a reconnect: shown from then on, every 5 s.
        if (failingNanos >= Math.max(1_000_000_000L, nextWait[0])) {
          nextWait[0] = failingNanos + 5_000_000_000L;
          err.printf(
              Locale.ROOT,
              "... the database has been failing for %,.0f s; waiting (up to PEP_DB_WAIT_LIMIT_MS) and retrying: %s%n",
              failingNanos / 1e9,
              reason);
          err.flush();
        } else if (failingNanos < nextWait[0] - 5_000_000_000L) {
          nextWait[0] = 0; // a new failure after the database had answered
        }
      }

      @Override
      public void onProgress(long read, long written, long duplicates, long elapsed) {
        if (elapsed >= next[0]) {
          next[0] = elapsed + 5_000_000_000L;
          err.printf(
              Locale.ROOT,
              "... %,d events read, %,d written, %,d duplicates, %,.0f events/s%n",
              read,
              written,
              duplicates,
              elapsed == 0 ? 0.0 : read * 1e9 / elapsed);
          err.flush();
        }
      }

      @Override
      public void onTopicReplaced(java.util.List<dev.pep.consumer.TopicReplaced> partitions) {
        err.println(ConsumeReport.topicReplaced(partitions));
        err.flush();
      }
    };
  }
}
