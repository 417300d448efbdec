package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.config.SinkConfig;
import dev.pep.config.SinkType;
import dev.pep.consumer.SinkConsumer;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.Topics;
import dev.pep.producer.TestProduce;
import dev.pep.sink.Sink;
import dev.pep.sink.Sinks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pep status} on a half-consumed topic: two garbage records (dead-lettered), a file produced
 * and consumed into DuckDB, then a second file produced and not consumed. The lag of each partition
 * equals the end offset the admin client reads minus the offset the test reads from the offsets
 * table itself; the last commit is that row's {@code updated_at}; each file's checkpoint and the
 * dead-letter topic's size are what the test produced.
 */
class StatusCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

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
  void lagIsTheEndOffsetMinusTheStoredOffsetOnAHalfConsumedTopic() throws Exception {
    String bootstrap = broker.bootstrapServers();
    String topic = "status-" + System.nanoTime();
    String group = "g-status";
    Path duckdb = tmp.resolve("status.duckdb");
    Topics.ensure(KafkaClients.plain(bootstrap), topic, 3);
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            KafkaClients.plain(bootstrap).producer(Map.of()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < 2; i++) {
        p.send(
                new ProducerRecord<>(
                    topic, i, null, "not an event".getBytes(StandardCharsets.UTF_8)))
            .get();
      }
    }
    Path first = Fixtures.sample();
    TestProduce.file(tmp, bootstrap, first, topic);
    SinkConfig sink =
        new SinkConfig(
            SinkType.DUCKDB,
            group,
            "",
            null,
            duckdb,
            Path.of("-"),
            "status_events",
            "status_offsets",
            45_000,
            300_000);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        Sink s = Sinks.open(sink)) {
      Map<TopicPartition, Long> end = endOffsets(admin, topic);
      new SinkConsumer(bootstrap, topic, group, s)
          .run(
              new SinkConsumer.StopWhen(Duration.ofSeconds(30), 0, end),
              (a, b, c, d) -> {},
              () -> false);
    }
    // A second file, not consumed: the topic is now half consumed.
    Path second = Files.copy(first, tmp.resolve("second file.csv"));
    TestProduce.file(tmp, bootstrap, second, topic);

    Path config =
        Files.writeString(
            tmp.resolve("status.properties"),
            "PEP_DUCKDB_FILE="
                + duckdb
                + "\nPEP_EVENTS_TABLE=status_events\nPEP_OFFSETS_TABLE=status_offsets\n");
    PepCommandLine.Result r =
        PepCommandLine.execute(
            "status",
            "--bootstrap",
            bootstrap,
            "--topic",
            topic,
            "--config",
            config.toString(),
            "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode status = JSON.readTree(r.out());

    // The oracle: end offsets from the admin client, stored offsets read from the table here.
    Map<TopicPartition, Long> end;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      end = endOffsets(admin, topic);
    }
    Map<Integer, Long> stored = new HashMap<>();
    Map<Integer, java.time.Instant> updated = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckdb);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT kafka_partition, next_offset, epoch_ms(updated_at) FROM status_offsets"
                    + " WHERE consumer_group = ? AND topic = ?")) {
      ps.setString(1, group);
      ps.setString(2, topic);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.put(rs.getInt(1), rs.getLong(2));
          updated.put(rs.getInt(1), java.time.Instant.ofEpochMilli(rs.getLong(3)));
        }
      }
    }
    assertThat(stored).hasSize(3);
    JsonNode partitions = status.get("partitions");
    assertThat(partitions).hasSize(3);
    long totalLag = 0;
    for (JsonNode p : partitions) {
      int partition = p.get("partition").asInt();
      long e = end.get(new TopicPartition(topic, partition));
      long s = stored.get(partition);
      assertThat(p.get("group").asText()).isEqualTo(group);
      assertThat(p.get("stored_offset").asLong()).as("partition %d", partition).isEqualTo(s);
      assertThat(p.get("end_offset").asLong()).as("partition %d", partition).isEqualTo(e);
      assertThat(p.get("lag").asLong()).as("partition %d", partition).isEqualTo(e - s);
      assertThat(java.time.Instant.parse(p.get("last_commit").asText()).toEpochMilli())
          .isEqualTo(updated.get(partition).toEpochMilli());
      totalLag += e - s;
    }
    // Half consumed: the second file's events (and its transactions' markers) are the lag.
    long rows = records(first);
    assertThat(totalLag).isGreaterThanOrEqualTo(rows);

    JsonNode files = status.get("files");
    assertThat(files).hasSize(2);
    long lastLine = lastRecordLine(first);
    for (int i = 0; i < 2; i++) {
      JsonNode f = files.get(i);
      assertThat(f.get("file").asText())
          .isEqualTo((i == 0 ? first : second).toAbsolutePath().normalize().toString());
      assertThat(f.get("topic").asText()).isEqualTo(topic);
      assertThat(f.get("complete").asBoolean()).isTrue();
      assertThat(f.get("line").asLong()).isEqualTo(lastLine);
      assertThat(f.get("events").asLong()).isEqualTo(rows);
      assertThat(f.get("rejected").asLong()).isZero();
    }
    assertThat(status.get("dead_letter_topic").asText()).isEqualTo(topic + ".dlq");
    assertThat(status.get("dead_letters").asLong()).isEqualTo(2);

    PepCommandLine.Result text =
        PepCommandLine.execute(
            "status", "--bootstrap", bootstrap, "--topic", topic, "--config", config.toString());
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out())
        .contains("Topic " + topic + ", offsets stored in duckdb " + duckdb)
        .contains(second.toAbsolutePath() + ": complete")
        .contains("Dead-letter topic " + topic + ".dlq: 2 records");
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < 3; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> end = new HashMap<>();
    admin
        .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get(30, TimeUnit.SECONDS)
        .forEach((tp, info) -> end.put(tp, info.offset()));
    return end;
  }

  private static long records(Path csv) throws Exception {
    try (CsvReader<CsvRecord> reader =
        CsvReader.builder().ofCsvRecord(csv, StandardCharsets.ISO_8859_1)) {
      return reader.stream().count() - 1;
    }
  }

  private static long lastRecordLine(Path csv) throws Exception {
    try (CsvReader<CsvRecord> reader =
        CsvReader.builder().ofCsvRecord(csv, StandardCharsets.ISO_8859_1)) {
      List<CsvRecord> all = reader.stream().toList();
      return all.get(all.size() - 1).getStartingLineNumber();
    }
  }
}
