package dev.pep.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.config.ConfigLoader;
import dev.pep.config.SinkConfig;
import dev.pep.consumer.SinkConsumer;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.TopicReader;
import dev.pep.producer.CsvProducer;
import dev.pep.producer.TestProduce;
import dev.pep.sink.Sink;
import dev.pep.sink.Sinks;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pep aggregate} as its own process (the packaged jar) against an embedded broker, checked
 * against the sink: the same topic is consumed into DuckDB, and every aggregate in the output
 * topics (the last value of each key, read_committed) must equal a SQL {@code GROUP BY} this test
 * runs over the events table — to the cent and the unit, with no key missing or extra. Checked
 * after a slice of the UCI file with the aggregator SIGKILLed mid-file and restarted, after that
 * file is produced again with --restart (duplicates reach the aggregator and must not count), and
 * after a slice of Online Retail II joins the same topic. {@code -Dpep.faults.long=true} uses the
 * full files.
 */
class AggregateIT {
  private static final boolean LONG = Boolean.getBoolean("pep.faults.long");
  private static final String TOPIC = "agg-events";
  private static final String APP = "agg-it";

  /** Reads amounts as exact decimals, never through a double. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @TempDir static Path tmp;
  private static EmbeddedBroker broker;
  private static Admin admin;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0);
    admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
  }

  @AfterAll
  static void stopBroker() {
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void everyAggregateEqualsGroupByOverTheSinkAfterAKillARestartedFileAndASecondDataSet()
      throws Exception {
    Path uci = Fixtures.sharedData("online-retail/Online Retail.csv");
    Path ii = Fixtures.sharedData("online-retail-ii/online_retail_II_2009-2010.csv");
    Path uciSlice = LONG ? uci : slice(uci, tmp.resolve("uci-every-100th.csv"), 100);
    Path iiSlice = LONG ? ii : slice(ii, tmp.resolve("ii-every-200th.csv"), 200);
    Path duckdb = tmp.resolve("events.duckdb");

    TestProduce.file(tmp, broker.bootstrapServers(), uciSlice, TOPIC);
    Process first = start("first", true);
    // Killed as soon as it has committed part of the file: the fault lands mid-file.
    Map<TopicPartition, Long> end = endOffsets(List.of(TOPIC));
    long total = end.values().stream().mapToLong(Long::longValue).sum();
    waitFor(AggregateIT::committedInput, n -> n > 0, "a first commit of the aggregator");
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(first.isAlive()).isFalse();
    long atKill = committedInput();
    assertThat(atKill).as("input committed when killed").isGreaterThan(0).isLessThan(total);

    // Two processes with the same application id take over and share the partitions.
    Process a = start("a", false);
    Process b = start("b", false);
    try {
      waitFor(AggregateIT::membersWithTasks, n -> n == 2, "two members, each with tasks");
      consume(duckdb);
      awaitAggregatesEqualSql(duckdb, "UCI slice, a process killed at " + atKill + "/" + total);

      // One of the two killed; the same file produced again: every event arrives twice, the
      // survivor takes over the dead one's tasks, and the sink stores each event once.
      long again =
          TestProduce.file(
                  tmp, broker.bootstrapServers(), uciSlice, TOPIC, CsvProducer.Start.RESTART)
              .committed();
      long twice = endOffsets(List.of(TOPIC)).values().stream().mapToLong(Long::longValue).sum();
      assertThat(twice).isGreaterThanOrEqualTo(total + again);
      a.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      assertThat(committedInput()).as("killed before the copies were all read").isLessThan(twice);
      consume(duckdb);
      awaitAggregatesEqualSql(duckdb, "UCI slice produced twice, one of two processes killed");
      assertThat(membersWithTasks()).as("the survivor alone holds the tasks").isEqualTo(1);

      TestProduce.file(tmp, broker.bootstrapServers(), iiSlice, TOPIC);
      consume(duckdb);
      awaitAggregatesEqualSql(duckdb, "and Online Retail II");
    } finally {
      for (Process p : List.of(a, b)) {
        p.destroy();
        p.waitFor(60, TimeUnit.SECONDS);
      }
      keepLogs();
    }
  }

  // --- the aggregating process

  /** The processes' logs and output, kept under target/aggregate-it for a failure's reader. */
  private static void keepLogs() throws IOException {
    Path keep = Path.of("target/aggregate-it");
    Files.createDirectories(keep);
    try (var files = Files.walk(tmp)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = tmp.relativize(f).toString();
        if (rel.startsWith("logs-") || rel.endsWith(".out")) {
          Path to = keep.resolve(rel.replace('/', '_'));
          Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /**
   * Starts {@code pep aggregate}; {@code smallPolls} makes it commit in many small transactions, so
   * a kill lands mid-file.
   */
  private Process start(String name, boolean smallPolls) throws IOException {
    Path jar = Path.of("target/pep.jar").toAbsolutePath();
    assumeTrue(Files.isRegularFile(jar), "Skipped: target/pep.jar is not built");
    Path config = tmp.resolve(name + ".properties");
    // The broker's minimum session timeout: a killed member's tasks move on within seconds.
    Files.writeString(
        config,
        "kafka.consumer.session.timeout.ms=6000\n"
            + (smallPolls ? "kafka.consumer.max.poll.records=100\n" : ""),
        StandardCharsets.UTF_8);
    ProcessBuilder pb =
        new ProcessBuilder(
            "java",
            "-Xmx768m",
            "-jar",
            jar.toString(),
            "aggregate",
            "--bootstrap",
            broker.bootstrapServers(),
            "--topic",
            TOPIC,
            "--application-id",
            APP,
            "--config",
            config.toString());
    pb.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("PEP_"));
    pb.environment().put("PEP_LOG_DIR", tmp.resolve("logs-" + name).toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve(name + ".out").toFile());
    return pb.start();
  }

  /** Members of the aggregator's group that hold tasks (partitions of any topic it reads). */
  private static long membersWithTasks() {
    try {
      return admin
          .describeConsumerGroups(List.of(APP))
          .describedGroups()
          .get(APP)
          .get(30, TimeUnit.SECONDS)
          .members()
          .stream()
          .filter(m -> !m.assignment().topicPartitions().isEmpty())
          .count();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static long committedInput() {
    return committed().entrySet().stream()
        .filter(e -> e.getKey().topic().equals(TOPIC))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** The aggregator group's committed offsets, per partition of every topic it reads. */
  private static Map<TopicPartition, Long> committed() {
    try {
      Map<TopicPartition, OffsetAndMetadata> m =
          admin
              .listConsumerGroupOffsets(APP)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      Map<TopicPartition, Long> out = new HashMap<>();
      m.forEach((tp, o) -> out.put(tp, o == null ? 0L : o.offset()));
      return out;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Map<TopicPartition, Long> endOffsets(List<String> topics) {
    Map<TopicPartition, Long> out = new HashMap<>();
    for (String t : topics) {
      try (TopicReader r = new TopicReader(KafkaClients.plain(broker.bootstrapServers()), t)) {
        out.putAll(r.endOffsets());
      }
    }
    return out;
  }

  // --- the sink and the oracle

  private static void consume(Path duckdb) {
    Map<String, String> flags = new HashMap<>();
    flags.put("PEP_SINK", "duckdb");
    flags.put("PEP_DUCKDB_FILE", duckdb.toString());
    SinkConfig config =
        ConfigLoader.load(new ConfigLoader.Sources(null, tmp, Map.of(), flags)).toSinkConfig();
    Map<TopicPartition, Long> until = endOffsets(List.of(TOPIC));
    try (Sink sink = Sinks.open(config)) {
      new SinkConsumer(broker.bootstrapServers(), TOPIC, "agg-sink", sink)
          .run(
              new SinkConsumer.StopWhen(Duration.ofSeconds(30), 0, until),
              (read, written, duplicates, elapsed) -> {},
              () -> false);
    }
  }

  /**
   * Waits until the output topics hold exactly what SQL over the sink says, up to a deadline; then
   * checks once more after the aggregator has read everything it was given (so a late double count
   * would show).
   */
  private static void awaitAggregatesEqualSql(Path duckdb, String step) throws Exception {
    Map<Aggregate, Map<String, String>> expected = sql(duckdb);
    assertThat(expected.get(Aggregate.COUNTRY_DAY)).isNotEmpty();
    assertThat(expected.get(Aggregate.RETURNS_COUNTRY_MONTH)).isNotEmpty();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LONG ? 900 : 150);
    Map<Aggregate, Map<String, String>> actual = outputs();
    while (!actual.equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      actual = outputs();
    }
    awaitCaughtUp();
    actual = outputs();
    for (Aggregate a : Aggregate.values()) {
      assertThat(actual.get(a)).as(step + ": " + a.label()).isEqualTo(expected.get(a));
    }
  }

  /** Until the aggregator has committed past every record of the topics it reads. */
  private static void awaitCaughtUp() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      Map<TopicPartition, Long> committed = committed();
      Map<TopicPartition, Long> end = endOffsetsOf(committed.keySet());
      // A transaction's commit marker may follow the last record: committed is then end - 1.
      boolean caughtUp =
          end.entrySet().stream()
              .allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue() - 1);
      if (caughtUp || System.nanoTime() > deadline) {
        assertThat(caughtUp).as("caught up: committed " + committed + ", end " + end).isTrue();
        return;
      }
      Thread.sleep(500);
    }
  }

  private static Map<TopicPartition, Long> endOffsetsOf(java.util.Set<TopicPartition> tps) {
    try {
      Map<TopicPartition, OffsetSpec> q = new HashMap<>();
      tps.forEach(tp -> q.put(tp, OffsetSpec.latest()));
      Map<TopicPartition, Long> out = new HashMap<>();
      admin
          .listOffsets(q)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, r) -> out.put(tp, r.offset()));
      return out;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The last value of every key in each output topic, read_committed, as comparable text. */
  private static Map<Aggregate, Map<String, String>> outputs() throws IOException {
    Map<Aggregate, Map<String, String>> out = new HashMap<>();
    for (Aggregate a : Aggregate.values()) {
      Map<String, String> values = new TreeMap<>();
      String topic = a.topic(TOPIC);
      Map<TopicPartition, Long> end = endOffsets(List.of(topic));
      try (KafkaConsumer<String, byte[]> c =
          new KafkaConsumer<>(
              Map.of(
                  "bootstrap.servers",
                  broker.bootstrapServers(),
                  "isolation.level",
                  "read_committed",
                  "enable.auto.commit",
                  "false"),
              new StringDeserializer(),
              new ByteArrayDeserializer())) {
        c.assign(end.keySet());
        c.seekToBeginning(end.keySet());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())
            && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
            values.put(r.key(), text(a, JSON.readTree(r.value())));
          }
        }
      }
      out.put(a, values);
    }
    return out;
  }

  private static String text(Aggregate a, JsonNode n) {
    return switch (a) {
      case COUNTRY_DAY ->
          String.join(
              " ",
              n.get("country").asText(),
              n.get("day").asText(),
              money(n.get("revenue").decimalValue()),
              n.get("quantity").asText(),
              n.get("lines").asText(),
              n.get("invoices").asText());
      case PRODUCT_MONTH ->
          String.join(
              " ",
              n.get("stock_code").asText(),
              n.get("month").asText(),
              n.get("description").isNull() ? "null" : n.get("description").asText(),
              money(n.get("revenue").decimalValue()),
              n.get("quantity").asText(),
              n.get("lines").asText());
      case RETURNS_COUNTRY_MONTH ->
          String.join(
              " ",
              n.get("country").asText(),
              n.get("month").asText(),
              n.get("lines").asText(),
              n.get("invoices").asText(),
              n.get("quantity").asText(),
              money(n.get("value").decimalValue()));
    };
  }

  /** The aggregates as this test's own SQL GROUP BY over the events table says, keyed alike. */
  private static Map<Aggregate, Map<String, String>> sql(Path duckdb) throws SQLException {
    String day = "strftime(invoice_date AT TIME ZONE 'Europe/London', '%Y-%m-%d')";
    String month = "strftime(invoice_date AT TIME ZONE 'Europe/London', '%Y-%m')";
    Map<Aggregate, Map<String, String>> out = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckdb);
        Statement s = c.createStatement()) {
      out.put(
          Aggregate.COUNTRY_DAY,
          rows(
              s,
              "SELECT country || '|' || "
                  + day
                  + ", country, "
                  + day
                  + ", sum(quantity * unit_price), sum(quantity), count(*),"
                  + " count(DISTINCT invoice_no) FROM purchase_events GROUP BY 2, 3",
              4));
      out.put(
          Aggregate.PRODUCT_MONTH,
          rows(
              s,
              "SELECT stock_code || '|' || "
                  + month
                  + ", stock_code, "
                  + month
                  + ", coalesce(min(description), 'null'), sum(quantity * unit_price),"
                  + " sum(quantity), count(*) FROM purchase_events GROUP BY 2, 3",
              5));
      out.put(
          Aggregate.RETURNS_COUNTRY_MONTH,
          rows(
              s,
              "SELECT country || '|' || "
                  + month
                  + ", country, "
                  + month
                  + ", count(*), count(DISTINCT invoice_no), sum(quantity),"
                  + " sum(quantity * unit_price) FROM purchase_events"
                  + " WHERE quantity < 0 OR invoice_no LIKE 'C%' GROUP BY 2, 3",
              7));
    }
    return out;
  }

  /** Key → the other columns joined by spaces; column {@code moneyColumn} as an exact amount. */
  private static Map<String, String> rows(Statement s, String sql, int moneyColumn)
      throws SQLException {
    Map<String, String> m = new TreeMap<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> cols = new ArrayList<>();
        for (int i = 2; i <= n; i++) {
          cols.add(i == moneyColumn ? money(rs.getBigDecimal(i)) : rs.getString(i));
        }
        m.put(rs.getString(1), String.join(" ", cols));
      }
    }
    return m;
  }

  /** An amount compared exactly, whatever its scale: 1.500 and 1.5 are the same. */
  private static String money(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
  }

  private interface Check<T> {
    T get() throws Exception;
  }

  private static long waitFor(Check<Long> value, java.util.function.LongPredicate ok, String what)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      long v = value.get();
      if (ok.test(v)) {
        return v;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("Timed out waiting for " + what);
  }

  /** The header and every {@code n}th data line of {@code source} (one record per line there). */
  private static Path slice(Path source, Path target, int n) throws IOException {
    List<String> lines = Files.readAllLines(source, StandardCharsets.ISO_8859_1);
    List<String> out = new ArrayList<>();
    out.add(lines.get(0));
    for (int i = n; i < lines.size(); i += n) {
      out.add(lines.get(i));
    }
    return Files.write(target, out, StandardCharsets.ISO_8859_1);
  }
}
