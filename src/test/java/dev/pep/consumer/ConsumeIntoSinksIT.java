package dev.pep.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.config.ConfigLoader;
import dev.pep.config.SinkConfig;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.TopicReader;
import dev.pep.producer.CsvProducer;
import dev.pep.producer.ProduceSummary;
import dev.pep.producer.TestProduce;
import dev.pep.sink.Sink;
import dev.pep.sink.Sinks;
import dev.pep.sink.StaleOffsetException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consuming half against a real embedded broker and real databases: the full UCI file lands in
 * DuckDB and PostgreSQL exactly once with the file's own sums; a rerun of the producer stores no
 * duplicates; garbage goes to the dead-letter topic; a stale offset is refused; a consumer process
 * killed mid-load and restarted leaves every event exactly once.
 */
class ConsumeIntoSinksIT {
  private static final String FULL = "online-retail/Online Retail.csv";
  private static final String FULL_TOPIC = "full";
  private static final long ROWS = 541_909;

  @TempDir static Path tmp;
  private static EmbeddedBroker broker;
  private static Map<TopicPartition, Long> fullEnd;
  private static FileFacts facts;

  @BeforeAll
  static void startBrokerAndProduceTheFullFile() throws IOException {
    broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0);
    if (Fixtures.sharedDataAbsent(FULL) == null) {
      produce(Fixtures.sharedData(FULL), FULL_TOPIC);
      fullEnd = endOffsets(FULL_TOPIC);
      facts = FileFacts.of(Fixtures.sharedData(FULL));
    }
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void theFullFileLandsInDuckDbExactlyOnceWithTheFilesSums() throws SQLException {
    requireFullFile();
    SinkConfig sink = sinkConfig("duckdb", "", "purchase_events", tmp.resolve("full.duckdb"));

    ConsumeSummary s = consume(sink, FULL_TOPIC, "g-duckdb", fullEnd);

    assertThat(s.read()).isEqualTo(ROWS);
    assertThat(s.written()).isEqualTo(ROWS);
    assertThat(s.duplicates()).isZero();
    assertThat(s.deadLettered()).isZero();
    assertThat(s.lag()).isZero();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve("full.duckdb"))) {
      assertFacts(c, "purchase_events");
    }
  }

  @Test
  void theFullFileLandsInPostgresExactlyOnceWithTheFilesSums() throws SQLException {
    requireFullFile();
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("it_full");
    SinkConfig sink = sinkConfig("postgres", url, table, tmp.resolve("unused.duckdb"));

    ConsumeSummary s = consume(sink, FULL_TOPIC, "g-pg", fullEnd);

    assertThat(s.read()).isEqualTo(ROWS);
    assertThat(s.written()).isEqualTo(ROWS);
    assertThat(s.duplicates()).isZero();
    try (Connection c = DriverManager.getConnection(url)) {
      assertFacts(c, table);
    }
  }

  @Test
  void aKilledConsumerProcessResumesAndStoresEveryEventExactlyOnce() throws Exception {
    requireFullFile();
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("it_kill");
    ConsumeProcess consume =
        new ConsumeProcess(broker.bootstrapServers(), FULL_TOPIC, "g-kill", tmp)
            .postgres(url, table)
            // The killed member holds its partitions until its session times out: the second
            // process would wait out the default 45 s in its first rebalance.
            .setting("PEP_SESSION_TIMEOUT_MS", "6000");

    Process first = consume.start("kill-1").process();
    long atKill = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (atKill < 50_000 && System.nanoTime() < deadline && first.isAlive()) {
      Thread.sleep(100);
      atKill = Postgres.count(url, table);
    }
    first.destroyForcibly().waitFor();
    long afterKill = Postgres.count(url, table);
    // Proof that the fault bit: the process died in the middle of the load.
    assertThat(afterKill).isGreaterThan(0).isLessThan(ROWS);

    Process second = consume.start("kill-2").process();
    assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).isZero();

    try (Connection c = DriverManager.getConnection(url)) {
      assertFacts(c, table);
      assertThat(
              scalar(
                  c,
                  "SELECT sum(next_offset) FROM "
                      + table
                      + "_offsets WHERE consumer_group ="
                      + " 'g-kill'"))
          .isEqualTo(String.valueOf(fullEnd.values().stream().mapToLong(Long::longValue).sum()));
    }
  }

  @Test
  void twoConsumerProcessesInOneGroupShareThePartitionsAndStoreEveryEventOnce() throws Exception {
    requireFullFile();
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("it_pair");
    // Slowed down (1,000-record transactions, 20 ms commits: 11 s or more for the file) so that
    // the second process joins while there is work left; at full speed the first one can store the
    // whole file before the second has started (seen once).
    Postgres.createTablesWithSlowCommits(tmp, url, table, 0.02);
    ConsumeProcess consume =
        new ConsumeProcess(broker.bootstrapServers(), FULL_TOPIC, "g-pair", tmp)
            .postgres(url, table)
            .inSmallBatches();

    ConsumeProcess.Started a = consume.start("pair-a");
    ConsumeProcess.Started b = consume.start("pair-b");
    assertThat(a.process().waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(b.process().waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(a.process().exitValue()).isZero();
    assertThat(b.process().exitValue()).isZero();

    try (Connection c = DriverManager.getConnection(url)) {
      assertFacts(c, table);
      // Both processes wrote: the partitions were shared, not taken by one.
      assertThat(Long.parseLong(scalar(c, "SELECT count(DISTINCT kafka_partition) FROM " + table)))
          .isEqualTo(fullEnd.size());
    }
    long writtenA = a.summary("written");
    long writtenB = b.summary("written");
    assertThat(writtenA).isPositive();
    assertThat(writtenB).isPositive();
    assertThat(writtenA + writtenB).isEqualTo(ROWS);
  }

  @Test
  void producingTheSameFileTwiceStoresEachEventOnceAndCountsTheDuplicates() throws SQLException {
    String topic = "twice";
    produce(Fixtures.sample(), topic);
    ProduceSummary again = produce(Fixtures.sample(), topic, CsvProducer.Start.RESTART);
    assertThat(again.committed()).isEqualTo(1071);
    SinkConfig sink = sinkConfig("duckdb", "", "purchase_events", tmp.resolve("twice.duckdb"));

    ConsumeSummary s = consume(sink, topic, "g-twice", endOffsets(topic));

    assertThat(s.read()).isEqualTo(2 * 1071);
    assertThat(s.written()).isEqualTo(1071);
    assertThat(s.duplicates()).isEqualTo(1071);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve("twice.duckdb"))) {
      assertThat(scalar(c, "SELECT count(*) FROM purchase_events")).isEqualTo("1071");
      assertThat(scalar(c, "SELECT count(DISTINCT event_id) FROM purchase_events"))
          .isEqualTo("1071");
    }
  }

  @Test
  void garbageGoesToTheDeadLetterTopicWithItsPositionAndEveryValidEventStillLands()
      throws SQLException {
    String topic = "poison";
    produce(Fixtures.sample(), topic);
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", broker.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      p.send(new ProducerRecord<>(topic, 0, null, "not json {".getBytes(StandardCharsets.UTF_8)));
      p.flush();
    }
    long poisonOffset = endOffsets(topic).get(new TopicPartition(topic, 0)) - 1;
    SinkConfig sink = sinkConfig("duckdb", "", "purchase_events", tmp.resolve("poison.duckdb"));

    ConsumeSummary s = consume(sink, topic, "g-poison", endOffsets(topic));

    assertThat(s.written()).isEqualTo(1071);
    assertThat(s.deadLettered()).isEqualTo(1);
    List<ConsumerRecord<byte[], byte[]>> dlq = new ArrayList<>();
    try (TopicReader reader =
        new TopicReader(KafkaClients.plain(broker.bootstrapServers()), topic + ".dlq")) {
      reader.read(Map.of(), reader.endOffsets(), dlq::add);
    }
    assertThat(dlq).hasSize(1);
    ConsumerRecord<byte[], byte[]> r = dlq.get(0);
    assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("not json {");
    assertThat(header(r, "dlq-topic")).isEqualTo(topic);
    assertThat(header(r, "dlq-partition")).isEqualTo("0");
    assertThat(header(r, "dlq-offset")).isEqualTo(Long.toString(poisonOffset));
    assertThat(header(r, "dlq-reason")).startsWith("not JSON");
  }

  /** Before issue 12 every record became a "poison record" in the DLQ and the run went on. */
  @Test
  void aBugInTheSinkStopsTheRunNamingTheRecordAndNothingIsDeadLettered() throws Exception {
    String topic = "sink-bug";
    produce(Fixtures.sample(), topic);
    Map<TopicPartition, Long> end = endOffsets(topic);
    SinkConfig config = sinkConfig("duckdb", "", "purchase_events", tmp.resolve("bug.duckdb"));

    try (Sink real = Sinks.open(config)) {
      Sink buggy = new RefusalThrows(real);
      SinkConsumer c = new SinkConsumer(broker.bootstrapServers(), topic, "g-bug", buggy);

      assertThatThrownBy(
              () ->
                  c.run(
                      new SinkConsumer.StopWhen(Duration.ofSeconds(30), 0, end),
                      (read, written, duplicates, elapsed) -> {},
                      () -> false))
          .isInstanceOf(dev.pep.config.PepException.class)
          .hasMessageMatching(
              "Checking the record at sink-bug-\\d+@\\d+ for duckdb .*bug\\.duckdb failed with"
                  + " IllegalStateException: a bug in the sink\\. .*not dead-lettered.*");
      assertThat(real.storedOffsets("g-bug", topic)).isEmpty();
    }
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
          .contains(topic)
          .doesNotContain(topic + ".dlq");
    }
  }

  /** A sink whose refusal check has a bug; everything else is the real sink's. */
  private record RefusalThrows(Sink real) implements Sink {
    @Override
    public String refusal(dev.pep.event.PurchaseEvent event) {
      throw new IllegalStateException("a bug in the sink");
    }

    @Override
    public Map<Integer, Long> storedOffsets(String group, String topic) {
      return real.storedOffsets(group, topic);
    }

    @Override
    public WriteResult write(
        String group,
        String topic,
        String topicId,
        int partition,
        long expectedNext,
        long newNext,
        List<dev.pep.sink.StoredEvent> events) {
      return real.write(group, topic, topicId, partition, expectedNext, newNext, events);
    }

    @Override
    public boolean holdsOffsets() {
      return real.holdsOffsets();
    }

    @Override
    public dev.pep.sink.SinkReport report() {
      return real.report();
    }

    @Override
    public String describe() {
      return real.describe();
    }

    @Override
    public void close() {}
  }

  @Test
  void textWithCopyEscapesAndNonAsciiCharactersReachesPostgresUnchanged() throws SQLException {
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("it_text");
    String tricky = "tab\there, new\nline, cr\r, back\\slash \\N, \u00a3 \u20ac \ud83d\ude00";
    dev.pep.event.PurchaseEvent e =
        new dev.pep.event.PurchaseEvent(
            "0123456789abcdef:2",
            "536365",
            "85123A",
            tricky,
            6,
            java.time.OffsetDateTime.parse("2011-06-01T10:00:00+01:00"),
            new BigDecimal("2.55"),
            null,
            "United Kingdom",
            new dev.pep.event.SourcePosition("f.csv", 2));
    try (Sink sink = Sinks.open(sinkConfig("postgres", url, table, tmp.resolve("x.duckdb")))) {
      sink.write("g", "t", 0, -1, 1, List.of(new dev.pep.sink.StoredEvent(e, 0, 0)));
    }
    try (Connection c = DriverManager.getConnection(url)) {
      assertThat(scalar(c, "SELECT description FROM " + table)).isEqualTo(tricky);
      assertThat(scalar(c, "SELECT customer_id IS NULL FROM " + table)).isEqualTo("t");
      assertThat(scalar(c, "SELECT unit_price FROM " + table)).isEqualTo("2.550");
      assertThat(
              scalar(c, "SELECT invoice_date = timestamptz '2011-06-01 09:00:00+00' FROM " + table))
          .isEqualTo("t");
    }
  }

  @Test
  void postgresSkipsAndCountsStoredAndRepeatedIdsOnTheFallbackFromItsDirectCopy()
      throws SQLException {
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("it_dups");
    try (Sink sink = Sinks.open(sinkConfig("postgres", url, table, tmp.resolve("d.duckdb")))) {
      writeStoredAndRepeatedIds(sink);
    }
    try (Connection c = DriverManager.getConnection(url)) {
      assertOnlyFirstCopiesStored(c, table);
    }
  }

  @Test
  void duckDbSkipsAndCountsStoredAndRepeatedIdsOnTheFallbackFromItsDirectAppend()
      throws SQLException {
    Path file = tmp.resolve("dups.duckdb");
    try (Sink sink = Sinks.open(sinkConfig("duckdb", "", "purchase_events", file))) {
      writeStoredAndRepeatedIds(sink);
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file)) {
      assertOnlyFirstCopiesStored(c, "purchase_events");
    }
  }

  /**
   * New ids (loaded directly), then a batch with an id already stored and one with an id twice: the
   * direct load is refused, and staging skips and counts the repeats.
   */
  private static void writeStoredAndRepeatedIds(Sink sink) {
    assertThat(sink.write("g", "t", 0, -1, 2, List.of(stored("a:1", 0), stored("a:2", 1))))
        .isEqualTo(new Sink.WriteResult(2, 0));
    assertThat(sink.write("g", "t", 0, 2, 4, List.of(stored("a:2", 2), stored("a:3", 3))))
        .isEqualTo(new Sink.WriteResult(1, 1));
    assertThat(sink.write("g", "t", 0, 4, 6, List.of(stored("a:4", 4), stored("a:4", 5))))
        .isEqualTo(new Sink.WriteResult(1, 1));
    assertThat(sink.storedOffsets("g", "t")).containsExactly(Map.entry(0, 6L));
  }

  private static void assertOnlyFirstCopiesStored(Connection c, String table) throws SQLException {
    assertThat(scalar(c, "SELECT string_agg(event_id, ',' ORDER BY event_id) FROM " + table))
        .isEqualTo("a:1,a:2,a:3,a:4");
    assertThat(scalar(c, "SELECT min(kafka_offset) FROM " + table + " WHERE event_id = 'a:2'"))
        .isEqualTo("1");
    assertThat(scalar(c, "SELECT count(*) FROM " + table)).isEqualTo("4");
  }

  @Test
  void theReportRidesOutItsConnectionKilledWhileItQueries() throws Exception {
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("it_report");
    String app = "pep-" + table;
    SinkConfig config =
        sinkConfig("postgres", url + "&ApplicationName=" + app, table, tmp.resolve("r.duckdb"));
    try (Sink sink = Sinks.open(config);
        Connection admin = DriverManager.getConnection(url)) {
      sink.write("g", "t", 0, -1, 1, List.of(stored("r:1", 0)));
      // The report's query waits behind this lock, and its backend is killed while it waits.
      admin.setAutoCommit(false);
      admin.createStatement().execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
      java.util.concurrent.CompletableFuture<dev.pep.sink.SinkReport> report =
          java.util.concurrent.CompletableFuture.supplyAsync(sink::report);
      String waiting = "";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (waiting.isEmpty() && System.nanoTime() < deadline) {
        waiting =
            scalar(
                admin,
                "SELECT coalesce(string_agg(pid::text, ','), '') FROM pg_stat_activity"
                    + " WHERE application_name = '"
                    + app
                    + "' AND wait_event_type = 'Lock'");
      }
      assertThat(waiting).as("the report's backend waiting on the lock").isNotEmpty();
      assertThat(scalar(admin, "SELECT pg_terminate_backend(" + waiting + ")")).isEqualTo("t");
      admin.rollback();

      assertThat(report.get(30, TimeUnit.SECONDS).rows()).isEqualTo(1);
    }
  }

  @Test
  void aDatabaseErrorThatRetryingCannotFixStopsTheRunWithItInsteadOfRetryingForever()
      throws SQLException {
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("it_lasting");
    String topic = "lasting";
    produce(Fixtures.sample(), topic);
    SinkConfig config = sinkConfig("postgres", url, table, tmp.resolve("l.duckdb"));
    try (Sink created = Sinks.open(config)) {
      assertThat(created.storedOffsets("g-lasting", topic)).isEmpty();
    }
    try (Connection c = DriverManager.getConnection(url)) {
      c.createStatement()
          .execute(
              "ALTER TABLE " + table + " ADD CONSTRAINT no_uk CHECK (country <> 'United Kingdom')");
    }

    assertThatThrownBy(() -> consume(config, topic, "g-lasting", endOffsets(topic)))
        .isInstanceOf(dev.pep.config.PepException.class)
        .hasMessageContaining("failed 3 times with an error retrying will not fix (SQLSTATE 23514)")
        .hasMessageContaining("no_uk")
        .hasMessageContaining("the consumer resumes from the offsets stored in it");
    try (Connection c = DriverManager.getConnection(url)) {
      assertThat(Long.parseLong(scalar(c, "SELECT count(*) FROM " + table))).isLessThan(1071);
    }
  }

  private static dev.pep.sink.StoredEvent stored(String id, long offset) {
    dev.pep.event.PurchaseEvent e =
        new dev.pep.event.PurchaseEvent(
            id,
            "536365",
            "85123A",
            "WHITE HANGING HEART T-LIGHT HOLDER",
            6,
            java.time.OffsetDateTime.parse("2010-12-01T08:26:00Z"),
            new BigDecimal("2.55"),
            "17850",
            "United Kingdom",
            new dev.pep.event.SourcePosition("f.csv", offset + 2));
    return new dev.pep.sink.StoredEvent(e, 0, offset);
  }

  @Test
  void aWriteWithAStaleExpectedOffsetIsRefusedAndWritesNothing() {
    SinkConfig config = sinkConfig("duckdb", "", "purchase_events", tmp.resolve("stale.duckdb"));
    try (Sink sink = Sinks.open(config)) {
      sink.write("g", "t", 0, -1, 10, List.of());
      assertThat(sink.storedOffsets("g", "t")).containsExactly(Map.entry(0, 10L));

      assertThatThrownBy(() -> sink.write("g", "t", 0, 5, 20, List.of()))
          .isInstanceOf(StaleOffsetException.class)
          .hasMessageContaining("is no longer 5");
      assertThatThrownBy(() -> sink.write("g", "t", 0, -1, 20, List.of()))
          .isInstanceOf(StaleOffsetException.class);
      assertThat(sink.storedOffsets("g", "t")).containsExactly(Map.entry(0, 10L));
    }
  }

  @Test
  void theStoredOffsetPassesAnAbortedTransactionAtTheEndOfThePartition() {
    String topic = "aborted-tail";
    produce(Fixtures.sample(), topic);
    SinkConfig config =
        sinkConfig("duckdb", "", "purchase_events", tmp.resolve("aborted-tail.duckdb"));
    Map<TopicPartition, Long> committedEnd = endOffsets(topic);
    consume(config, topic, "g-tail", committedEnd);
    // Then records of a transaction that aborts: a read_committed consumer skips them and their
    // marker, and returns nothing.
    TopicPartition p0 = new TopicPartition(topic, 0);
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers",
                broker.bootstrapServers(),
                "transactional.id",
                "aborting-" + topic),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      p.initTransactions();
      p.beginTransaction();
      for (int i = 0; i < 5; i++) {
        p.send(new ProducerRecord<>(topic, 0, null, "aborted".getBytes(StandardCharsets.UTF_8)));
      }
      p.flush();
      p.abortTransaction();
    }
    Map<TopicPartition, Long> end = endOffsets(topic);
    assertThat(end.get(p0)).isEqualTo(committedEnd.get(p0) + 6); // 5 records and the marker

    ConsumeSummary s = consume(config, topic, "g-tail", end);

    assertThat(s.read()).isZero();
    assertThat(s.lag()).isZero();
    try (Sink sink = Sinks.open(config)) {
      Map<Integer, Long> stored = sink.storedOffsets("g-tail", topic);
      end.forEach((tp, o) -> assertThat(stored.get(tp.partition())).as(tp.toString()).isEqualTo(o));
    }
  }

  // --- helpers

  private static void requireFullFile() {
    String absent = Fixtures.sharedDataAbsent(FULL);
    assumeTrue(absent == null, absent);
  }

  private static ProduceSummary produce(Path csv, String topic) {
    return TestProduce.file(tmp, broker.bootstrapServers(), csv, topic);
  }

  private static ProduceSummary produce(Path csv, String topic, CsvProducer.Start start) {
    return TestProduce.file(tmp, broker.bootstrapServers(), csv, topic, start);
  }

  private static Map<TopicPartition, Long> endOffsets(String topic) {
    try (TopicReader reader =
        new TopicReader(KafkaClients.plain(broker.bootstrapServers()), topic)) {
      return reader.endOffsets();
    }
  }

  private static SinkConfig sinkConfig(String sink, String url, String table, Path duckdb) {
    Map<String, String> flags = new HashMap<>();
    flags.put("PEP_SINK", sink);
    flags.put("PEP_DB_URL", url);
    flags.put("PEP_EVENTS_TABLE", table);
    flags.put("PEP_OFFSETS_TABLE", table + "_offsets");
    flags.put("PEP_DUCKDB_FILE", duckdb.toString());
    return ConfigLoader.load(new ConfigLoader.Sources(null, tmp, Map.of(), flags)).toSinkConfig();
  }

  private static ConsumeSummary consume(
      SinkConfig config, String topic, String group, Map<TopicPartition, Long> until) {
    try (Sink sink = Sinks.open(config)) {
      return new SinkConsumer(broker.bootstrapServers(), topic, group, sink)
          .run(
              new SinkConsumer.StopWhen(Duration.ofSeconds(30), 0, until),
              (read, written, duplicates, elapsed) -> {},
              () -> false);
    }
  }

  private static void assertFacts(Connection c, String table) throws SQLException {
    assertThat(scalar(c, "SELECT count(*) FROM " + table)).isEqualTo(Long.toString(ROWS));
    assertThat(scalar(c, "SELECT count(DISTINCT event_id) FROM " + table))
        .isEqualTo(Long.toString(ROWS));
    assertThat(scalar(c, "SELECT sum(quantity) FROM " + table))
        .isEqualTo(Long.toString(facts.quantity))
        .isEqualTo("5176450");
    assertThat(new BigDecimal(scalar(c, "SELECT sum(quantity * unit_price) FROM " + table)))
        .isEqualByComparingTo(facts.revenue);
    assertThat(scalar(c, "SELECT count(DISTINCT invoice_no) FROM " + table)).isEqualTo("25900");
    assertThat(scalar(c, "SELECT count(DISTINCT stock_code) FROM " + table)).isEqualTo("4070");
    assertThat(scalar(c, "SELECT count(DISTINCT customer_id) FROM " + table)).isEqualTo("4372");
    assertThat(scalar(c, "SELECT count(*) FROM " + table + " WHERE customer_id IS NULL"))
        .isEqualTo("135080");
    assertThat(scalar(c, "SELECT count(DISTINCT country) FROM " + table)).isEqualTo("38");
  }

  static String scalar(Connection c, String sql) throws SQLException {
    return Postgres.scalar(c, sql);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  /** Sums computed from the CSV by the test itself, independently of pep's parser. */
  private record FileFacts(long quantity, BigDecimal revenue) {
    static FileFacts of(Path csv) throws IOException {
      long quantity = 0;
      BigDecimal revenue = BigDecimal.ZERO;
      try (CsvReader<CsvRecord> reader =
          CsvReader.builder().ofCsvRecord(csv, StandardCharsets.ISO_8859_1)) {
        boolean header = true;
        for (CsvRecord r : reader) {
          if (header) {
            header = false;
            continue;
          }
          long q = Long.parseLong(r.getField(3));
          quantity += q;
          revenue = revenue.add(new BigDecimal(r.getField(5)).multiply(BigDecimal.valueOf(q)));
        }
      }
      return new FileFacts(quantity, revenue);
    }
  }
}
