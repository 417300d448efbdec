package dev.pep.cli;

import dev.pep.config.MetricsConfig;
import dev.pep.config.PipelineConfig;
import dev.pep.config.ResolvedConfig;
import dev.pep.config.SinkConfig;
import dev.pep.consumer.ConsumeSummary;
import dev.pep.consumer.SinkConsumer;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.TopicReader;
import dev.pep.kafka.TopicTally;
import dev.pep.metrics.PepMetrics;
import dev.pep.metrics.PipelineProbe;
import dev.pep.producer.ProduceSummary;
import dev.pep.sink.Sink;
import dev.pep.sink.SinkReport;
import dev.pep.sink.Sinks;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    description = {
      "The main job: start the embedded broker (unless a cluster is configured), produce the CSV"
          + " file, check the topic holds every event exactly once, consume it into the sink"
          + " (DuckDB by default) and print a report queried from the database."
    },
    mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;
  @Mixin ClusterOptions clusterOptions;
  @Mixin TopicOption topicOption;
  @Mixin PartitionsOption partitionsOption;
  @Mixin InputOptions inputOptions;
  @Mixin BadRowOptions badRowOptions;
  @Mixin ProfileOption profileOption;
  @Mixin ProducerPropertyOption producerPropertyOption;
  @Mixin RestartOption restart;
  @Mixin SinkOptions sinkOptions;
  @Mixin VerboseOption verbose;
  @Mixin SummaryJsonOption summaryJson;
  @Mixin MetricsOptions metricsOptions;
  @Mixin RunFinishOptions finish;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ResolvedConfig resolved = options.resolve();
    PipelineConfig config = ProduceStep.withInput(resolved.toPipelineConfig(), err);
    SinkConfig sinkConfig = resolved.toSinkConfig();
    MetricsConfig metricsConfig = resolved.toMetricsConfig();
    // The sink first: a locked or unreachable database fails before anything is produced.
    try (Sink sink = Sinks.open(sinkConfig);
        ShutdownSignal signal = new ShutdownSignal();
        MetricsSession metrics = MetricsSession.open(metricsConfig, err);
        BrokerSession cluster = BrokerSession.open(config, err)) {
      PipelineConfig c = cluster.config();
      int partitions = ProduceStep.ensureTopic(c);
      PipelineProbe probe =
          metrics.enabled()
              ? new PipelineProbe(KafkaClients.of(c), c.topic(), sinkConfig.groupId(), sinkConfig)
              : null;
      metrics.working(PepMetrics.Phase.PRODUCING, probe);
      try (TopicReader reader = new TopicReader(KafkaClients.of(c), c.topic())) {
        Map<TopicPartition, Long> before = reader.endOffsets();
        ProduceSummary s =
            ProduceStep.produce(c, partitions, restart.start(), err, signal, metrics.produce());
        SummaryReport.print(s, out);
        Map<String, Object> json = SummaryReport.toMap("run", s);
        if (s.failure() != null) {
          summaryJson.write(json);
          throw ProduceStep.failed(s);
        }
        Map<TopicPartition, Long> after = reader.endOffsets();
        TopicTally tally = TopicTally.count(reader, before, after);
        boolean exact = tally.total() == s.committed() && tally.distinctEventIds() == s.committed();
        if (!s.alreadyDone()) {
          printTally(out, c.topic(), tally, s, exact);
        }
        json.put("topic_events", tally.total());
        json.put("topic_distinct_event_ids", tally.distinctEventIds());
        json.put("topic_events_per_partition", tally.perPartition());
        json.put("verified", exact);
        if (!s.complete() || signal.requested()) {
          summaryJson.write(json);
          return ExitCodes.INTERRUPTED;
        }
        metrics.working(PepMetrics.Phase.CONSUMING, probe);
        ConsumeSummary consumed =
            new SinkConsumer(
                    KafkaClients.of(c),
                    c.topic(),
                    sinkConfig.groupId(),
                    sink,
                    SinkOptions.timeouts(sinkConfig))
                .waitForDatabaseAtMost(SinkOptions.databaseWait(sinkConfig))
                .observe(metrics.consume())
                .run(
                    new SinkConsumer.StopWhen(null, 0, after),
                    ConsumeCommand.progress(err),
                    signal::requested);
        SinkReport report = sink.report();
        ConsumeReport.print(consumed, out);
        ConsumeReport.print(report, out);
        finish.finish(resolved, c, sinkConfig, sink, after, out, signal::requested);
        json.put("consume", ConsumeReport.toMap(consumed, report));
        summaryJson.write(json);
        metrics.finished(signal);
        if (signal.requested()) {
          return ExitCodes.INTERRUPTED;
        }
        return exact ? ExitCodes.OK : ExitCodes.FAILURE;
      }
    }
  }

  private static void printTally(
      PrintWriter out, String topic, TopicTally t, ProduceSummary s, boolean exact) {
    StringBuilder parts = new StringBuilder();
    t.perPartition()
        .forEach(
            (p, n) ->
                parts
                    .append(parts.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "p%d %,d", p, n)));
    out.printf(
        Locale.ROOT,
        "Read back %s: %,d events written by this run (%s), %,d distinct event ids%n",
        topic,
        t.total(),
        parts,
        t.distinctEventIds());
    if (exact) {
      out.printf(
          Locale.ROOT,
          "OK: every row this run produced is in the topic exactly once (%,d events).%n",
          s.committed());
    } else {
      out.printf(
          Locale.ROOT,
          "MISMATCH: %,d rows were produced and committed, but the topic holds %,d events"
              + " (%,d distinct).%n",
          s.committed(),
          t.total(),
          t.distinctEventIds());
    }
    out.flush();
  }
}
