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
      if (!a.awaitInput(until, stop)) {
        return false;
      }
      if (!sink.holdsOffsets()) {
        out.printf(
            "Aggregates of %s are in %s (a %s sink has no tables)%n",
            c.topic(),
            String.join(", ", a.outputs()),
            sinkConfig.sink().name().toLowerCase(Locale.ROOT));
        out.flush();
        return true;
      }
      Map<TopicPartition, Long> ends = new HashMap<>();
      for (String topic : a.outputs()) {
        try (TopicReader r = new TopicReader(kafka, topic)) {
          ends.putAll(r.endOffsets());
        }
      }
      AggregateTableConsumer.Summary s =
          new AggregateTableConsumer(kafka, tables(c.topic()), tablesGroup(applicationId), sink)
              .run(ends, stop, a::check);
      out.printf(
          Locale.ROOT,
          "Aggregated %s into %s and the tables %s: %,d rows upserted in %.1f s%n",
          c.topic(),
          String.join(", ", a.outputs()),
          tableNames(sinkConfig),
          s.upserted(),
          (System.nanoTime() - start) / 1e9);
      out.flush();
      return !stop.getAsBoolean();
    }
  }
}
