package dev.pep.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.consumer.Postgres;
import dev.pep.consumer.SinkConsumer;
import dev.pep.event.EventJson;
import dev.pep.producer.CsvProducer;
import dev.pep.producer.TestProduce;
import dev.pep.sink.Sink;
import dev.pep.sink.Sinks;
import dev.pep.sink.StaleOffsetException;
import dev.pep.sink.StoredEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check of the checker: the oracle passes a clean run, and fails, saying what is wrong, once
 * the exactly-once path is broken on purpose. Two guards keep a stale batch out of the sink — the
 * offset compare-and-set and the unique event id — so the mutations take them away one at a time: a
 * batch written again with the compare-and-set bypassed moves the stored offset backwards, and once
 * the unique key is dropped too, the batch written twice leaves duplicate rows.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OracleCheckIT {
  private static final int STALE_BATCH = 100;

  @TempDir static Path tmp;
  private static EmbeddedBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void theOracleReportsAMovedBackOffsetAndThenDuplicatesWhenTheGuardsAreOff() throws Exception {
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("fault_check");
    String topic = "check";
    String group = "g-check";
    Path csv = Fixtures.sample();
    TestProduce.file(tmp, broker.bootstrapServers(), csv, topic);
    Set<String> expected = Oracle.expectedIds(csv);
    try (Sink sink = Sinks.open(Postgres.sinkConfig(tmp, url, table));
        Connection c = DriverManager.getConnection(url)) {
      Map<TopicPartition, Long> end =
          Oracle.endOffsets(broker.bootstrapServers(), topic, true).entrySet().stream()
              .collect(
                  java.util.stream.Collectors.toMap(
                      e -> new TopicPartition(topic, e.getKey()), Map.Entry::getValue));
      new SinkConsumer(broker.bootstrapServers(), topic, group, sink)
          .run(
              new SinkConsumer.StopWhen(Duration.ofSeconds(30), 0, end),
              (r, w, d, t) -> {},
              () -> false);
      Oracle.Run run =
          new Oracle.Run(broker.bootstrapServers(), topic, group, c, table, table + "_offsets");
      Oracle.assertExactlyOnce("clean run", run, expected);

      // A stale consumer's batch: the first records of partition 0, read again.
      List<StoredEvent> batch = firstRecords(topic, STALE_BATCH);
      long stored = Oracle.storedOffsets(run).get(0);
      // With the compare-and-set in place, the sink refuses it and nothing changes.
      assertThatThrownBy(() -> sink.write(group, topic, 0, -1, STALE_BATCH, batch))
          .isInstanceOf(StaleOffsetException.class);
      Oracle.assertExactlyOnce("stale batch refused", run, expected);

      // Mutation 1, the compare-and-set bypassed (the stale write claims the offset now stored):
      // the unique id keeps the rows out, but the offset goes back and the oracle says so.
      Sink.WriteResult r = sink.write(group, topic, 0, stored, STALE_BATCH, batch);
      assertThat(r.inserted()).isZero();
      assertThatThrownBy(() -> Oracle.assertExactlyOnce("mutation 1", run, expected))
          .isInstanceOf(AssertionError.class)
          .hasMessageStartingWith("Oracle (mutation 1): 1 violations")
          .hasMessageContaining("stored offsets of group g-check {0=" + STALE_BATCH + ",");

      // Mutation 2, the unique id dropped too: the batch written twice is stored twice.
      try (Statement s = c.createStatement()) {
        s.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + table + "_pkey");
        s.execute(
            "INSERT INTO "
                + table
                + " SELECT * FROM "
                + table
                + " WHERE kafka_partition = 0 AND kafka_offset < "
                + STALE_BATCH);
      }
      assertThatThrownBy(() -> Oracle.assertExactlyOnce("mutation 2", run, expected))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining(
              "sink "
                  + table
                  + " holds "
                  + STALE_BATCH
                  + " duplicate rows ("
                  + (expected.size() + STALE_BATCH)
                  + " rows, "
                  + expected.size()
                  + " distinct event ids)");
    }
  }

  @Test
  void theTopicCheckReportsAFileProducedTwice() throws Exception {
    String topic = "check-twice";
    Path csv = Fixtures.sample();
    TestProduce.file(tmp, broker.bootstrapServers(), csv, topic);
    Set<String> expected = Oracle.expectedIds(csv);
    Oracle.assertTopicExactlyOnce(
        "once", Oracle.dumpSettled(broker.bootstrapServers(), topic), expected);

    TestProduce.file(tmp, broker.bootstrapServers(), csv, topic, CsvProducer.Start.RESTART);

    List<Oracle.TopicRecord> dump = Oracle.dumpSettled(broker.bootstrapServers(), topic);
    assertThat(dump).hasSize(2 * expected.size());
    assertThatThrownBy(() -> Oracle.assertTopicExactlyOnce("twice", dump, expected))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "topic holds " + expected.size() + " event ids more than once (duplicate records)");
  }

  private static List<StoredEvent> firstRecords(String topic, int n) {
    List<StoredEvent> out = new ArrayList<>();
    try (dev.pep.kafka.TopicReader reader =
        new dev.pep.kafka.TopicReader(
            dev.pep.kafka.KafkaClients.plain(broker.bootstrapServers()), topic)) {
      TopicPartition p0 = new TopicPartition(topic, 0);
      reader.read(
          Map.of(),
          Map.of(p0, (long) n),
          (ConsumerRecord<byte[], byte[]> rec) ->
              out.add(new StoredEvent(EventJson.read(rec.value()), rec.partition(), rec.offset())));
    }
    assertThat(out).hasSize(n);
    return out;
  }
}
