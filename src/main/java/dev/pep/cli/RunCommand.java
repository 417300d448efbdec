package dev.pep.cli;

import dev.pep.config.Ahead;
import dev.pep.config.MetricsConfig;
import dev.pep.config.PipelineConfig;
import dev.pep.config.ResolvedConfig;
import dev.pep.config.SinkConfig;
import dev.pep.consumer.ConsumeSummary;
import dev.pep.consumer.RangeCheck;
import dev.pep.consumer.SinkConsumer;
import dev.pep.csv.CsvLayout;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    description = {
      "The main job: start the embedded broker (unless a cluster is configured), produce the CSV"
          + " file while the sink (DuckDB by default) consumes it, check the topic holds every"
          + " event exactly once and print a report queried from the database."
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

  /** The input's layout, detected on its own thread from the start of {@link #call}. */
  private Ahead<CsvLayout> layout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ResolvedConfig resolved = options.resolve();
    PipelineConfig config = ProduceStep.withInput(resolved.toPipelineConfig(), err);
    SinkConfig sinkConfig = resolved.toSinkConfig();
    MetricsConfig metricsConfig = resolved.toMetricsConfig();
    // Detected while the sink opens and the broker starts; printed just before producing.
    layout = ProduceStep.layoutAhead(config);
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
        // The sink consumes while the file is produced (read_committed: each transaction as it
        // commits), and counts this run's range of the topic as it reads it, for the check.
        RangeCheck check = new RangeCheck(reader.endOffsets());
        Halves h =
            produceWhileConsuming(
                c, partitions, sink, sinkConfig, check, reader, signal, metrics, probe);
        ProduceSummary s = h.produced();
        ConsumeSummary consumed = h.consumed();
        RuntimeException sinkFailure = h.sinkFailure();
        SummaryReport.print(s, out);
        Map<String, Object> json = SummaryReport.toMap("run", s);
        if (consumed != null && (s.failure() != null || !s.complete() || signal.requested())) {
          ConsumeReport.print(consumed, out);
          json.put("consume", ConsumeReport.toMap(consumed, null));
        }
        if (s.failure() != null) {
          summaryJson.write(json);
          throw ProduceStep.failed(s);
        }
        if (sinkFailure != null) {
          summaryJson.write(json);
          throw sinkFailure;
        }
        if (!s.complete() || signal.requested()) {
          summaryJson.write(json);
          return ExitCodes.INTERRUPTED;
        }
        TopicTally tally = check.tally(reader);
        boolean exact = tally.total() == s.committed() && tally.distinctEventIds() == s.committed();
        if (!s.alreadyDone()) {
          printTally(out, c.topic(), tally, check.readBack(), s, exact);
        }
        json.put("topic_events", tally.total());
        json.put("topic_distinct_event_ids", tally.distinctEventIds());
        json.put("topic_events_per_partition", tally.perPartition());
        json.put("topic_events_read_back", check.readBack());
        json.put("verified", exact);
        SinkReport report = sink.report();
        ConsumeReport.print(consumed, out);
        ConsumeReport.print(report, out);
        finish.finish(resolved, c, sinkConfig, sink, check.to(), out, signal::requested);
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

  /** What the two halves came to; {@code consumed} is null when the sink failed. */
  private record Halves(
      ProduceSummary produced, ConsumeSummary consumed, RuntimeException sinkFailure) {}

  /**
   * Produces the file while the sink consumes it on its own thread, both on one progress display;
   * once the file is produced (completely), the sink goes on until it has read what this run wrote,
   * else it finishes its batch and stops. Returns when both have ended.
   */
  private Halves produceWhileConsuming(
      PipelineConfig c,
      int partitions,
      Sink sink,
      SinkConfig sinkConfig,
      RangeCheck check,
      TopicReader reader,
      ShutdownSignal signal,
      MetricsSession metrics,
      PipelineProbe probe) {
    PrintWriter err = spec.commandLine().getErr();
    AtomicBoolean stopSink = new AtomicBoolean();
    try (ProgressDisplay progress = new ProgressDisplay(err, ProgressDisplay.isTerminal())) {
      CompletableFuture<ConsumeSummary> consuming =
          new SinkConsumer(
                  KafkaClients.of(c),
                  c.topic(),
                  sinkConfig.groupId(),
                  sink,
                  SinkOptions.timeouts(sinkConfig))
              .waitForDatabaseAtMost(SinkOptions.databaseWait(sinkConfig))
              .observe(metrics.consume())
              .check(sink.holdsOffsets() ? check : null)
              .start(
                  new SinkConsumer.StopWhen(null, 0, null, check::to),
                  progress.consumer(ConsumeCommand.progress(err)),
                  () -> signal.requested() || stopSink.get());
      ProduceSummary s;
      try {
        s =
            ProduceStep.produce(
                c, layout, partitions, restart.start(), err, signal, metrics.produce(), progress);
      } catch (RuntimeException e) {
        stopSink.set(true); // the sink finishes its batch and stops before the sink is closed
        consuming.handle((r, x) -> r).join();
        throw e;
      } finally {
        progress.produceEnded();
      }
      if (s.failure() != null || !s.complete() || signal.requested()) {
        stopSink.set(true);
      } else {
        check.end(reader.endOffsets());
        metrics.working(PepMetrics.Phase.CONSUMING, probe);
      }
      try {
        return new Halves(s, consuming.join(), null);
      } catch (CompletionException e) {
        return new Halves(s, null, e.getCause() instanceof RuntimeException r ? r : e);
      }
    }
  }

  private static void printTally(
      PrintWriter out, String topic, TopicTally t, long readBack, ProduceSummary s, boolean exact) {
    StringBuilder parts = new StringBuilder();
    t.perPartition()
        .forEach(
            (p, n) ->
                parts
                    .append(parts.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "p%d %,d", p, n)));
    out.printf(
        Locale.ROOT,
        "Checked %s as the sink read it: %,d events written by this run (%s), %,d distinct event"
            + " ids%s%n",
        topic,
        t.total(),
        parts,
        t.distinctEventIds(),
        readBack == 0
            ? ""
            : String.format(Locale.ROOT, " (%,d of them read back apart)", readBack));
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
