package dev.pep.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.config.SinkConfig;
import dev.pep.consumer.Postgres;
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
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregate tables, written through the sink's exactly-once path, checked against the sink's
 * events table: every row of each table must equal this test's own SQL {@code GROUP BY} over the
 * events (to the cent and the unit, no key missing or extra). On DuckDB through {@code pep run
 * --aggregate} (a file, the same file again with --restart, a second data set); on PostgreSQL
 * through {@code pep aggregate --tables}, SIGKILLed while it writes the tables and started again,
 * with the file produced twice. The packaged jar runs as its own process. {@code
 * -Dpep.faults.long=true} uses the full files. A run's application leaves its group when it ends.
 */
class AggregateTablesIT {
  private static final boolean LONG = Boolean.getBoolean("pep.faults.long");

  @TempDir static Path tmp;
  private static EmbeddedBroker broker;
  private static Path uciSlice;
  private static Path iiSlice;

  @BeforeAll
  static void start() throws IOException {
    broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0);
    Path uci = Fixtures.sharedData("online-retail/Online Retail.csv");
    Path ii = Fixtures.sharedData("online-retail-ii/online_retail_II_2009-2010.csv");
    uciSlice = LONG ? uci : slice(uci, tmp.resolve("uci-every-100th.csv"), 100);
    iiSlice = LONG ? ii : slice(ii, tmp.resolve("ii-every-200th.csv"), 200);
  }

  @AfterAll
  static void stop() throws IOException {
    if (broker != null) {
      broker.close();
    }
    Path keep = Path.of("target/aggregate-tables-it");
    Files.createDirectories(keep);
    try (var files = Files.walk(tmp)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".out")).toList()) {
        Files.copy(
            f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Test
  void runAggregateWritesDuckDbTablesEqualToGroupByAfterARestartedFileAndASecondDataSet()
      throws Exception {
    Path duckdb = tmp.resolve("run.duckdb");
    String topic = "run-events";
    String url = "jdbc:duckdb:" + duckdb;
    run("run1", topic, duckdb, uciSlice, false);
    assertTablesEqualGroupBy(url, "purchase_events", "first file");
    // Its Kafka Streams application left the group on close: the next run's rebalance does not
    // wait for a departed member's session to time out.
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      assertThat(
              admin
                  .describeConsumerGroups(List.of("run-agg"))
                  .all()
                  .get(30, TimeUnit.SECONDS)
                  .get("run-agg")
                  .members())
          .as("members of the application's group after run1 ended")
          .isEmpty();
    }
    run("run2", topic, duckdb, uciSlice, true);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM purchase_events")) {
      rs.next();
      assertThat(rs.getLong(1)).as("each event stored once").isEqualTo(lines(uciSlice));
    }
    assertTablesEqualGroupBy(url, "purchase_events", "the same file produced again");
    run("run3", topic, duckdb, iiSlice, false);
    assertTablesEqualGroupBy(url, "purchase_events", "and Online Retail II");
  }

  @Test
  void aggregateTablesOnPostgresEqualGroupByAfterASigkillWhileWritingThem() throws Exception {
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("agg_it");
    String topic = "pg-events";
    String app = "pg-agg";
    SinkConfig config = Postgres.sinkConfig(tmp, url, table);
    TestProduce.file(tmp, broker.bootstrapServers(), uciSlice, topic);
    consume(config, topic);

    // The output topics first (no tables), complete; then the tables, written in many small
    // transactions (small polls), so that the kill lands among them.
    Process topics = aggregate("pg-topics", topic, app, url, table, false);
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (!CaughtUp.of(KafkaClients.plain(broker.bootstrapServers()), admin, app, ends(topic))
          && System.nanoTime() < until) {
        Thread.sleep(200);
      }
    }
    topics.destroy();
    assertThat(topics.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Process first = aggregate("pg-first", topic, app, url, table, true);
    String group = app + "-tables";
    long stored = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (stored == 0 && System.nanoTime() < deadline && first.isAlive()) {
      stored = storedOffsets(url, table, group);
      Thread.sleep(20);
    }
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    long atKill = storedOffsets(url, table, group);
    long outputs = outputEnds(topic);
    assertThat(atKill).as("table offsets stored when killed").isGreaterThan(0).isLessThan(outputs);

    Process second = aggregate("pg-second", topic, app, url, table, true);
    try {
      TestProduce.file(tmp, broker.bootstrapServers(), uciSlice, topic, CsvProducer.Start.RESTART);
      consume(config, topic);
      awaitTablesEqualGroupBy(
          url,
          table,
          group,
          topic,
          "killed at " + atKill + "/" + outputs + ", file produced twice");
    } finally {
      second.destroy();
      second.waitFor(60, TimeUnit.SECONDS);
    }
  }

  // --- the processes

  private static Process start(String name, List<String> args, Map<String, String> env)
      throws IOException {
    Path jar = Path.of("target/pep.jar").toAbsolutePath();
    assumeTrue(Files.isRegularFile(jar), "Skipped: target/pep.jar is not built");
    Path dir = Files.createDirectories(tmp.resolve(name));
    List<String> cmd = new ArrayList<>(List.of("java", "-Xmx768m", "-jar", jar.toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("PEP_"));
    pb.environment().put("PEP_LOG_DIR", dir.resolve("logs").toString());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve(name + ".out").toFile());
    return pb.start();
  }

  private static void run(String name, String topic, Path duckdb, Path csv, boolean restart)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--bootstrap",
                broker.bootstrapServers(),
                "--topic",
                topic,
                "--file",
                csv.toString(),
                "--aggregate"));
    if (restart) {
      args.add("--restart");
    }
    Process p =
        start(
            name,
            args,
            Map.of("PEP_DUCKDB_FILE", duckdb.toString(), "PEP_AGGREGATE_ID", "run-agg"));
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).as(name + " ended").isTrue();
    String out = Files.readString(tmp.resolve(name + ".out"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(name + ": " + out).isZero();
    assertThat(out).contains("Aggregated " + topic);
  }

  private static Process aggregate(
      String name, String topic, String app, String url, String table, boolean tables)
      throws IOException {
    Path config = tmp.resolve(name + ".properties");
    Files.writeString(
        config,
        "kafka.consumer.session.timeout.ms=6000\nkafka.consumer.max.poll.records=20\n",
        StandardCharsets.UTF_8);
    List<String> args =
        new ArrayList<>(
            List.of(
                "aggregate",
                "--bootstrap",
                broker.bootstrapServers(),
                "--topic",
                topic,
                "--application-id",
                app,
                "--config",
                config.toString()));
    if (tables) {
      args.addAll(List.of("--tables", "--sink", "postgres", "--db-url", url));
    }
    return start(
        name, args, Map.of("PEP_EVENTS_TABLE", table, "PEP_OFFSETS_TABLE", table + "_offsets"));
  }

  private static void consume(SinkConfig config, String topic) {
    Map<TopicPartition, Long> until = ends(topic);
    try (Sink sink = Sinks.open(config)) {
      new SinkConsumer(broker.bootstrapServers(), topic, "events", sink)
          .run(
              new SinkConsumer.StopWhen(Duration.ofSeconds(30), 0, until),
              (read, written, duplicates, elapsed) -> {},
              () -> false);
    }
  }

  private static Map<TopicPartition, Long> ends(String topic) {
    try (TopicReader r = new TopicReader(KafkaClients.plain(broker.bootstrapServers()), topic)) {
      return r.endOffsets();
    }
  }

  private static long outputEnds(String topic) {
    long n = 0;
    for (Aggregate a : Aggregate.values()) {
      n += ends(a.topic(topic)).values().stream().mapToLong(Long::longValue).sum();
    }
    return n;
  }

  private static long storedOffsets(String url, String table, String group) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT coalesce(sum(next_offset), 0) FROM "
                    + table
                    + "_offsets WHERE consumer_group = '"
                    + group
                    + "'")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      if (e.getMessage().contains("does not exist")) {
        return 0;
      }
      throw e;
    }
  }

  // --- the oracle

  /**
   * Waits until the tables equal the GROUP BY and the table writer has stored every output record
   * (so a late double count would show), then checks once more.
   */
  private static void awaitTablesEqualGroupBy(
      String url, String table, String group, String topic, String step) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LONG ? 900 : 240);
    while (System.nanoTime() < deadline) {
      if (tables(url, table).equals(groupBy(url, table))
          && storedOffsets(url, table, group) >= outputEnds(topic) - 3 * 3) {
        break;
      }
      Thread.sleep(1000);
    }
    assertTablesEqualGroupBy(url, table, step);
  }

  private static void assertTablesEqualGroupBy(String url, String table, String step)
      throws SQLException {
    Map<String, Map<String, String>> expected = groupBy(url, table);
    Map<String, Map<String, String>> actual = tables(url, table);
    assertThat(expected.get("country_day")).isNotEmpty();
    assertThat(expected.get("returns_country_month")).isNotEmpty();
    for (String t : expected.keySet()) {
      assertThat(actual.get(t)).as(step + ": " + t).isEqualTo(expected.get(t));
    }
  }

  /** The aggregate tables' rows: key → the other columns, dates as text. */
  private static Map<String, Map<String, String>> tables(String url, String table)
      throws SQLException {
    boolean pg = url.startsWith("jdbc:postgresql");
    String day = pg ? "to_char(day, 'YYYY-MM-DD')" : "strftime(day, '%Y-%m-%d')";
    String month = pg ? "to_char(month, 'YYYY-MM')" : "strftime(month, '%Y-%m')";
    Map<String, Map<String, String>> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      out.put(
          "country_day",
          rows(
              s,
              "SELECT country, "
                  + day
                  + ", revenue, quantity, lines, invoices FROM "
                  + table
                  + "_agg_country_day"));
      out.put(
          "product_month",
          rows(
              s,
              "SELECT stock_code, "
                  + month
                  + ", coalesce(description, 'null'), revenue, quantity, lines FROM "
                  + table
                  + "_agg_product_month"));
      out.put(
          "returns_country_month",
          rows(
              s,
              "SELECT country, "
                  + month
                  + ", lines, invoices, quantity, value FROM "
                  + table
                  + "_agg_returns_country_month"));
    }
    return out;
  }

  /** This test's own GROUP BY over the events table, in the events' zone (Europe/London). */
  private static Map<String, Map<String, String>> groupBy(String url, String table)
      throws SQLException {
    boolean pg = url.startsWith("jdbc:postgresql");
    String local = "(invoice_date AT TIME ZONE 'Europe/London')";
    String day =
        pg ? "to_char(" + local + ", 'YYYY-MM-DD')" : "strftime(" + local + ", '%Y-%m-%d')";
    String month = pg ? "to_char(" + local + ", 'YYYY-MM')" : "strftime(" + local + ", '%Y-%m')";
    Map<String, Map<String, String>> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      out.put(
          "country_day",
          rows(
              s,
              "SELECT country, "
                  + day
                  + ", sum(quantity * unit_price), sum(quantity), count(*),"
                  + " count(DISTINCT invoice_no) FROM "
                  + table
                  + " GROUP BY 1, 2"));
      out.put(
          "product_month",
          rows(
              s,
              "SELECT stock_code, "
                  + month
                  + ", coalesce(min(description COLLATE \""
                  + (pg ? "C" : "binary")
                  + "\"), 'null'), sum(quantity * unit_price), sum(quantity), count(*) FROM "
                  + table
                  + " GROUP BY 1, 2"));
      out.put(
          "returns_country_month",
          rows(
              s,
              "SELECT country, "
                  + month
                  + ", count(*), count(DISTINCT invoice_no), sum(quantity),"
                  + " sum(quantity * unit_price) FROM "
                  + table
                  + " WHERE quantity < 0 OR invoice_no LIKE 'C%' GROUP BY 1, 2"));
    }
    return out;
  }

  /** First two columns (the key) → the others joined by spaces; decimals compared exactly. */
  private static Map<String, String> rows(Statement s, String sql) throws SQLException {
    Map<String, String> m = new TreeMap<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        List<String> cols = new ArrayList<>();
        for (int i = 3; i <= md.getColumnCount(); i++) {
          int type = md.getColumnType(i);
          cols.add(
              type == Types.DECIMAL || type == Types.NUMERIC
                  ? money(rs.getBigDecimal(i))
                  : rs.getString(i));
        }
        m.put(rs.getString(1) + "|" + rs.getString(2), String.join(" ", cols));
      }
    }
    return m;
  }

  /** An amount compared exactly, whatever its scale: 1.500 and 1.5 are the same. */
  private static String money(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
  }

  private static long lines(Path csv) throws IOException {
    try (var l = Files.lines(csv, StandardCharsets.ISO_8859_1)) {
      return l.count() - 1;
    }
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
