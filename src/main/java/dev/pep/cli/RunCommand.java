package dev.pep.cli;

import dev.pep.config.PipelineConfig;
import dev.pep.consumer.TopicReader;
import dev.pep.consumer.TopicTally;
import dev.pep.producer.CsvProducer;
import dev.pep.producer.ProduceSummary;
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
          + " file, then read the topic back and check it holds every event exactly once."
    },
    mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;
  @Mixin VerboseOption verbose;
  @Mixin SummaryJsonOption summaryJson;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PipelineConfig config = ProduceStep.withInput(options.load(), err);
    try (ShutdownSignal signal = new ShutdownSignal();
        BrokerSession cluster = BrokerSession.open(config, err)) {
      PipelineConfig c = cluster.config();
      int partitions = ProduceStep.ensureTopic(c);
      try (TopicReader reader = new TopicReader(c.bootstrapServers(), c.topic())) {
        Map<TopicPartition, Long> before = reader.endOffsets();
        ProduceSummary s = ProduceStep.produce(c, partitions, err, signal);
        SummaryReport.print(s, out);
        Map<String, Object> json = SummaryReport.toMap("run", s);
        if (s.failure() != null) {
          summaryJson.write(json);
          throw CsvProducer.failed(s);
        }
        TopicTally tally = TopicTally.count(reader, before, reader.endOffsets());
        boolean exact = tally.total() == s.acknowledged() && tally.distinctEventIds() == s.sent();
        printTally(out, c.topic(), tally, s, exact);
        json.put("topic_events", tally.total());
        json.put("topic_distinct_event_ids", tally.distinctEventIds());
        json.put("topic_events_per_partition", tally.perPartition());
        json.put("verified", exact);
        summaryJson.write(json);
        if (!s.complete()) {
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
          "OK: every produced row is in the topic exactly once (%,d events).%n",
          s.acknowledged());
    } else {
      out.printf(
          Locale.ROOT,
          "MISMATCH: %,d rows were produced and acknowledged, but the topic holds %,d events"
              + " (%,d distinct).%n",
          s.acknowledged(),
          t.total(),
          t.distinctEventIds());
    }
    out.flush();
  }
}
