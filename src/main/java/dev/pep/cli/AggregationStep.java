package dev.pep.cli;

import dev.pep.aggregate.Aggregate;
import dev.pep.aggregate.Aggregator;
import dev.pep.config.PipelineConfig;
import dev.pep.config.SinkConfig;
import dev.pep.consumer.AggregateTableConsumer;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.TopicReader;
import dev.pep.sink.AggregateTable;
import dev.pep.sink.Sink;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * The aggregation as a step of a job: {@code pep aggregate --tables} and {@code run --aggregate}.
 * The tables are written by a consumer of the output topics through the sink (its offsets table,
 * compare-and-set, one transaction per partition batch), as the events are.
 */
final class AggregationStep {
  private AggregationStep() {}

  /** Output topic → its table, for events topic {@code eventsTopic}. */
  static Map<String, AggregateTable> tables(String eventsTopic) {
    Map<String, AggregateTable> m = new LinkedHashMap<>();
    for (Aggregate a : Aggregate.values()) {
      m.put(a.topic(eventsTopic), AggregateTable.valueOf(a.name()));
    }
    return m;
  }

  /** The consumer group (in Kafka and in the offsets table) that writes the tables. */
  static String tablesGroup(String applicationId) {
    return applicationId + "-tables";
  }

  /** The table names, for messages. */
  static String tableNames(SinkConfig sink) {
    StringBuilder b = new StringBuilder();
    for (AggregateTable t : AggregateTable.values()) {
      b.append(b.length() == 0 ? "" : ", ").append(t.table(sink.eventsTable()));
    }
    return b.toString();
  }

  /**
   * {@code run --aggregate}: aggregates the events topic up to {@code until} (its end after the
   * run's produce) and writes the aggregates into the sink's tables (a database sink), then stops.
   * Returns false when {@code stop} said so first.
   */
  static boolean runOnce(
      PipelineConfig c,
      SinkConfig sinkConfig,
      String applicationId,
      Sink sink,
      Map<TopicPartition, Long> until,
      PrintWriter out,
      BooleanSupplier stop) {
    KafkaClients kafka = KafkaClients.of(c);
    long start = System.nanoTime();
    try (Aggregator a = Aggregator.start(kafka, c.topic(), c.partitions(), applicationId)) {
      Sink tables = sink.holdsOffsets() ? sink : null;
      long rows = catchUp(a, kafka, c.topic(), applicationId, tables, until, stop);
      if (rows < 0) {
        return false;
      }
      out.printf(
          Locale.ROOT,
          "Aggregated %s into %s%s in %.1f s%n",
          c.topic(),
          String.join(", ", a.outputs()),
          tables == null
              ? " (a " + sinkConfig.sink().name().toLowerCase(Locale.ROOT) + " sink has no tables)"
              : String.format(
                  Locale.ROOT,
                  " and the tables %s (%,d rows upserted)",
                  tableNames(sinkConfig),
                  rows),
          (System.nanoTime() - start) / 1e9);
      out.flush();
      return true;
    }
  }

  /**
   * Waits until {@code a} has processed the events topic up to {@code until}, then, with a sink,
   * writes the output topics into its tables up to their ends. Returns the rows upserted, or -1
   * when {@code stop} said so first.
   */
  static long catchUp(
      Aggregator a,
      KafkaClients kafka,
      String topic,
      String applicationId,
      Sink sink,
      Map<TopicPartition, Long> until,
      BooleanSupplier stop) {
    if (!a.awaitInput(until, stop)) {
      return -1;
    }
    if (sink == null) {
      return 0;
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (String output : a.outputs()) {
      try (TopicReader r = new TopicReader(kafka, output)) {
        ends.putAll(r.endOffsets());
      }
    }
    AggregateTableConsumer.Summary s =
        new AggregateTableConsumer(kafka, tables(topic), tablesGroup(applicationId), sink)
            .run(ends, stop, a::check);
    return stop.getAsBoolean() ? -1 : s.upserted();
  }
}
